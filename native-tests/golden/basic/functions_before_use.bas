PRINT Twice(21)
FUNCTION Twice(x)
  Twice = x * 2
END FUNCTION
