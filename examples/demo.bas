' The demo `scripts/run.sh` runs: a little of everything BASIC can do.
FUNCTION Fib(n)
  IF n < 2 THEN RETURN n
  RETURN Fib(n - 1) + Fib(n - 2)
END FUNCTION

PRINT "Fibonacci numbers:"
FOR I = 1 TO 10
  PRINT Fib(I); " ";
NEXT
PRINT

DIM Primes(20)
COUNT = 0
FOR N = 2 TO 50
  IsPrime = TRUE
  FOR D = 2 TO N - 1
    IF D * D > N THEN EXIT FOR
    IF N MOD D = 0 THEN
      IsPrime = FALSE
      EXIT FOR
    END IF
  NEXT
  IF IsPrime THEN
    Primes(COUNT) = N
    COUNT = COUNT + 1
  END IF
NEXT
PRINT "Primes below 50:"; COUNT
FOR I = 0 TO COUNT - 1
  PRINT Primes(I); " ";
NEXT
PRINT

Name$ = "Viper"
PRINT "Hello from "; UCASE$(Name$); "! ("; LEN(Name$); " letters)"
PRINT "7 / 2 ="; 7 / 2, "7 \ 2 ="; 7 \ 2
