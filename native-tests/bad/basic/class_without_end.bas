' expect-error: 2:1: CLASS P without END CLASS
CLASS P
  x AS INTEGER
DIM p AS P
