' expect-error: 3:10: STATIC arrays are not supported
SUB S()
  STATIC A(3)
END SUB
