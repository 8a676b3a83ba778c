' expect-error: 6:5: CLASS P has no constructor SUB NEW taking arguments
CLASS P
  x AS INTEGER
END CLASS
DIM p AS P
p = NEW P(1)
