X = 1
Y$ = "main"
DIM A(2)
A(1) = 11
' DIM inside a procedure makes its own variable, hiding the module one
SUB Shadow()
  DIM X AS INTEGER
  DIM Y$
  DIM A(1)
  X = 50
  Y$ = "local"
  A(1) = 22
  PRINT X; " "; Y$; " "; A(1)
END SUB
Shadow()
PRINT X; " "; Y$; " "; A(1)
' a parameter hides the module variable too
SUB Param(X)
  X = X * 2
  PRINT X
END SUB
Param(21)
PRINT X
' SHARED names the module variable explicitly (also one main never assigns)
SUB Bump()
  SHARED X, Z AS DOUBLE, A()
  X = X + 1
  Z = Z + 0.5
  A(2) = A(2) + 1
END SUB
Bump()
Bump()
PRINT X; " "; Z; " "; A(2)
' STATIC keeps its value between calls; each procedure has its own
FUNCTION NextId()
  STATIC n
  n = n + 1
  NextId = n
END FUNCTION
SUB Trail(c$)
  STATIC s$, calls AS INTEGER
  s$ = s$ + c$
  calls = calls + 1
  PRINT calls; ":"; s$
END SUB
FUNCTION Other()
  STATIC n
  n = n + 10
  Other = n
END FUNCTION
PRINT NextId(); NextId(); NextId()
PRINT Other(); Other()
Trail("a")
Trail("b")
Trail("c")
' a plain local starts again at each call
SUB Fresh()
  k = k + 1
  PRINT k;
END SUB
Fresh()
Fresh()
PRINT
