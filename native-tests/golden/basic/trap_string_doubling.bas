' Doubling a string stops with an out-of-memory trap at the run's string limit (256 MiB
' by default), not when the host runs out of memory.
S$ = "x"
FOR I = 1 TO 40
  S$ = S$ + S$
  IF I MOD 7 = 0 THEN PRINT I; " "; LEN(S$)
NEXT
PRINT "not reached"
