SUB Bump(x)
  x = x + 1
  PRINT "inside"; x
END SUB
A = 5
Bump(A)
PRINT "outside"; A
