TYPE Point
  X AS INTEGER
  Y AS DOUBLE
  Label AS STRING
END TYPE
TYPE Flags
  On AS BOOLEAN
  Count%
END TYPE
DIM p AS Point
DIM q AS Point
p.X = 3
p.Y = 1.5
p.Label = "A"
q = p
q.X = q.X + 10
q.Label = q.Label + "B"
PRINT p.X; " "; p.Y; " "; p.Label
PRINT q.X; " "; q.Y; " "; q.Label
DIM f AS Flags
f.On = TRUE
f.Count% = 2
IF f.On THEN PRINT "on"; f.Count%
' arrays of records: one array per field
DIM pts(3) AS Point
FOR i = 0 TO 3
  pts(i).X = i * i
  pts(i).Label = CHR$(65 + i)
NEXT
pts(2) = q
PRINT pts(1).X; pts(3).X; " "; pts(2).Label; " "; pts(2).X
p = pts(3)
PRINT p.X; " "; p.Label; " "; UBOUND(pts.X)
' procedures see the main program's records, field by field
SUB Move(dx)
  p.X = p.X + dx
  pts(0).Label = "moved"
END SUB
Move(5)
PRINT p.X; " "; pts(0).Label
' a procedure's own record
FUNCTION Dist2()
  DIM p AS Point
  p.X = 7
  Dist2 = p.X * p.X
END FUNCTION
PRINT Dist2(); " "; p.X
