' expect-error: 7:1: CLASS P has no field Y
CLASS P
  x AS INTEGER
END CLASS
DIM p AS P
p = NEW P()
p.y = 3
