DIM SHARED Count AS INTEGER
DIM SHARED Log$
DIM SHARED Totals(3) AS DOUBLE
SUB Record(what$, amount AS DOUBLE)
  Count = Count + 1
  Log$ = Log$ + what$ + ";"
  Totals(Count MOD 4) = Totals(Count MOD 4) + amount
END SUB
FUNCTION Sum#()
  FOR i = 0 TO UBOUND(Totals)
    Sum# = Sum# + Totals(i)
  NEXT
END FUNCTION
Record("a", 1.5)
Record("b", 2)
Record("c", 0.25)
PRINT Count; " "; Log$
PRINT Sum#()
PRINT Totals(1); Totals(2); Totals(3)
