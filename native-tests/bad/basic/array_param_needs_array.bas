' expect-error: 6:13: argument 1 of TOTAL must be an array
FUNCTION Total(a())
  Total = 0
END FUNCTION
X = 5
PRINT Total(X)
