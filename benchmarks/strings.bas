' String building: the text of i and a comma for i in [0, 300000), 10 rounds.
' (BASIC has no string builder in Tier 1, so each piece is built and measured.)
TOTAL = 0
FOR R = 1 TO 10
  FOR I = 0 TO 299999
    T$ = STR$(I) + ","
    TOTAL = TOTAL + LEN(T$)
  NEXT
NEXT
PRINT TOTAL
