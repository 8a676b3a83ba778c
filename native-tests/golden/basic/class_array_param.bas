' Arrays of objects as parameters: passed by reference, so the callee reads and writes
' the caller's elements; a two-dimensional one keeps its shape.
CLASS Counter
  N AS INTEGER
  SUB Bump()
    ME.N = ME.N + 1
  END SUB
END CLASS
SUB FillAll(cs() AS Counter)
  FOR i = 0 TO UBOUND(cs)
    cs(i) = NEW Counter()
    cs(i).N = i * 10
  NEXT
END SUB
SUB BumpAll(cs() AS Counter)
  FOR i = 0 TO UBOUND(cs)
    cs(i).Bump()
  NEXT
END SUB
FUNCTION Total(cs() AS Counter) AS INTEGER
  t = 0
  FOR i = 0 TO UBOUND(cs)
    t = t + cs(i).N
  NEXT
  Total = t
END FUNCTION
SUB FillGrid(g() AS Counter)
  FOR i = 0 TO UBOUND(g)
    FOR j = 0 TO 2
      g(i, j) = NEW Counter()
      g(i, j).N = i * 100 + j
    NEXT
  NEXT
END SUB
DIM c(3) AS Counter
FillAll(c)
BumpAll(c)
BumpAll(c)
PRINT Total(c)
PRINT c(2).N
DIM grid(1, 2) AS Counter
FillGrid(grid)
PRINT grid(1, 2).N; " "; grid(0, 1).N
