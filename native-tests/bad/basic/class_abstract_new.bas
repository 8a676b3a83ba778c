' expect-error: 6:5: cannot create an object of ABSTRACT CLASS SHAPE
ABSTRACT CLASS Shape
  x AS INTEGER
END CLASS
DIM s AS Shape
s = NEW Shape()
