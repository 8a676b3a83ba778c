REM Strings count against the run's memory budget (1 GiB): copies of a 128 MiB string
REM kept in an array fill it at the seventh copy, though no one string is near its limit.
S$ = "abcdefgh"
FOR I = 1 TO 24
  S$ = S$ + S$
NEXT I
PRINT LEN(S$)
DIM A$(20)
FOR I = 1 TO 20
  A$(I) = S$ + "!"
  PRINT I
NEXT I
