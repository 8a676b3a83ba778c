FUNCTION Repeat$(s$, n)
  r$ = ""
  FOR i = 1 TO n
    r$ = r$ + s$
  NEXT
  Repeat$ = r$
END FUNCTION
PRINT Repeat$("ab", 3)
X$ = Repeat$("-", 10)
PRINT X$; LEN(X$)
