' expect-error: 9:1: type mismatch: cannot assign B to A
CLASS A
  x AS INTEGER
END CLASS
CLASS B
  y AS INTEGER
END CLASS
DIM a AS A
a = NEW B()
