' V$ = V$ + tail appends to the variable's own string (it grows in place when nothing
' else holds it). The results are those of reading V$ first, then the tail, left to right.

' A local built by appends in a loop.
FUNCTION Build$(n)
  S$ = ""
  FOR I = 1 TO n
    S$ = S$ + "ab"
    IF I MOD 3 = 0 THEN S$ = S$ + "c"
  NEXT
  Build$ = S$
END FUNCTION

' The FUNCTION's result variable, and a number converted to text.
FUNCTION Digits$(n)
  Digits$ = ""
  FOR I = 1 TO n
    Digits$ = Digits$ + STR$(I * I)
  NEXT
END FUNCTION

' Reads and modifies the module variable G$.
FUNCTION Mark$(t$)
  G$ = G$ + ("<" + t$ + ">")
  Mark$ = "[" + G$ + "]"
END FUNCTION

' Appends to the caller's variable through BYREF.
SUB AddTo(BYREF D$, n)
  FOR I = 1 TO n
    D$ = D$ + "-"
  NEXT
END SUB

FUNCTION Grow$(BYREF X$)
  X$ = X$ + "!"
  Grow$ = X$
END FUNCTION

B$ = Build$(10)
PRINT B$; " "; LEN(B$)
PRINT Digits$(6)

' Doubling: the tail is the variable itself.
S$ = "x" + STR$(1)
FOR I = 1 TO 4
  S$ = S$ + S$
NEXT
PRINT S$; " "; LEN(S$)

' Another variable holds the string: it keeps its value.
T$ = S$
S$ = S$ + "y"
PRINT T$
PRINT S$
U$ = ""
FOR I = 1 TO 3
  U$ = U$ + "u"
  V$ = U$
  U$ = U$ + "v"
  PRINT V$; " "; U$
NEXT

' A tail that calls a FUNCTION reading and changing G$: G$ is read before the call.
G$ = "g" + STR$(1)
G$ = G$ + Mark$("a")
PRINT G$
G$ = G$ + Mark$("b") + "."
PRINT G$

' BYREF: the callee appends to the caller's variable.
W$ = "w" + STR$(2)
AddTo(W$, 3)
PRINT W$
L$ = "h" + STR$(3)
L$ = L$ + Grow$(L$)
PRINT L$

' A number converted to text in the tail.
N$ = "n="
N$ = N$ + STR$(LEN(N$) * 10) + ";"
N$ = N$ + STR$(2.5)
PRINT N$
