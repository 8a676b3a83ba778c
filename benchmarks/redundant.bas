' Redundant arithmetic a compiler should remove: loop invariants and a repeated
' subexpression, written out in full, 1.5e7 iterations (see redundant.il).
FUNCTION Work(a, b, n)
  ACC = 0
  FOR I = 0 TO n - 1
    P = (I + a) * (I + b)
    Q = (I + a) * (I + b) + 1
    ACC = ACC + (P + Q + (a + b) * (a - b) + I * (a * b + 7)) MOD 1000
  NEXT
  Work = ACC
END FUNCTION
PRINT Work(3, 5, 15000000)
