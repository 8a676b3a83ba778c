S$ = ""
FOR I = 1 TO 5
  S$ = S$ + STR$(I)
  IF I < 5 THEN S$ = S$ + ","
NEXT
PRINT S$
PRINT LEN(S$)
