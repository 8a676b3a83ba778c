FUNCTION Fact(n)
  IF n <= 1 THEN
    Fact = 1
  ELSE
    Fact = n * Fact(n - 1)
  END IF
END FUNCTION
FUNCTION Fib(n)
  IF n < 2 THEN RETURN n
  RETURN Fib(n - 1) + Fib(n - 2)
END FUNCTION
PRINT Fact(10); Fib(20)
