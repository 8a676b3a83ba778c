' Recursive fib(35): call overhead.
FUNCTION Fib(n)
  IF n < 2 THEN RETURN n
  RETURN Fib(n - 1) + Fib(n - 2)
END FUNCTION
PRINT Fib(35)
