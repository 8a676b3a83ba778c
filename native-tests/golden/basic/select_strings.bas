FOR I = 1 TO 3
  IF I = 1 THEN C$ = "red"
  IF I = 2 THEN C$ = "blue"
  IF I = 3 THEN C$ = "green"
  SELECT CASE C$
  CASE "red": PRINT "warm"
  CASE "blue", "green"
    PRINT "cool"
  END SELECT
NEXT
