' expect-error: 3:9: A belongs to the caller (a parameter or a SHARED array); it cannot be re-dimensioned here
SUB Grow(a())
  REDIM a(10)
END SUB
