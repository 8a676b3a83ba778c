DIM COUNTER AS INTEGER
COUNTER = 100
SUB Increment()
  PRINT COUNTER
  COUNTER = COUNTER + 1
END SUB
Increment()
PRINT COUNTER
' first assigned in main (no DIM): still a module variable
Total# = 0.5
Name$ = "Ada"
DIM Scores(3)
FOR i = 0 TO 3
  Scores(i) = i * 10
NEXT
SUB AddScore(k, v)
  Scores(k) = Scores(k) + v
  Total# = Total# + v
END SUB
FUNCTION Greeting$()
  Greeting$ = "Hello, " + Name$
  Name$ = Name$ + "!"
END FUNCTION
AddScore(2, 5)
AddScore(3, 1)
PRINT Scores(2); " "; Scores(3); " "; Total#
PRINT Greeting$()
PRINT Name$
' a procedure may resize a module array
SUB Grow()
  REDIM PRESERVE Scores(5)
  Scores(5) = 99
END SUB
Grow()
PRINT UBOUND(Scores); " "; Scores(5); " "; Scores(2)
' a CONST of the main program is seen by procedures
CONST LIMIT = 3
FUNCTION UnderLimit(n)
  UnderLimit = n < LIMIT
END FUNCTION
PRINT UnderLimit(2); UnderLimit(5)
' a FOR variable of a procedure is the module variable when main has one
SUB CountTo(n)
  FOR j = 1 TO n
    PRINT j;
  NEXT
  PRINT
END SUB
j = 42
CountTo(3)
PRINT j
' a procedure's own names that main never uses stay local
SUB Local()
  tmp = 7
  PRINT tmp
END SUB
Local()
Local()
