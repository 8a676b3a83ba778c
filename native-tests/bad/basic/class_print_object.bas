' expect-error: 7:7: cannot PRINT an object (print one of its fields)
CLASS P
  x AS INTEGER
END CLASS
DIM p AS P
p = NEW P()
PRINT p
