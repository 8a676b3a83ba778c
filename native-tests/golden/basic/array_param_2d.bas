' two-dimensional arrays as parameters keep both extents
SUB Fill(m(), rows, cols)
  FOR i = 0 TO rows
    FOR j = 0 TO cols
      m(i, j) = i * 10 + j
    NEXT
  NEXT
END SUB
FUNCTION Trace(m())
  t = 0
  FOR i = 0 TO UBOUND(m)
    t = t + m(i, i)
  NEXT
  Trace = t
END FUNCTION
SUB Show(m(), row)
  PRINT m(row, 0); " "; m(row, 1); " "; m(row, 2)
END SUB
FUNCTION Sum1(v())
  s = 0
  FOR EACH x IN v
    s = s + x
  NEXT
  Sum1 = s
END FUNCTION
DIM M(2, 2)
Fill(M, 2, 2)
Show(M, 1)
Show(M, 2)
PRINT Trace(M); " "; UBOUND(M)
DIM V(3)
V(3) = 5
PRINT Sum1(V)
Show(M, 3)
