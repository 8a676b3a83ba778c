' expect-error: 3:9: A is an array parameter; the caller's array cannot be re-dimensioned here
SUB Grow(a())
  REDIM a(10)
END SUB
