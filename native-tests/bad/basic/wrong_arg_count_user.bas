' expect-error: 5:7: wrong number of arguments to F: expected 2, got 1
FUNCTION F(a, b)
  F = a + b
END FUNCTION
PRINT F(1)
