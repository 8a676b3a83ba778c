FOR X = 1 TO 4
  IF X = 1 THEN
    PRINT "one"
  ELSEIF X = 2 THEN
    PRINT "two"
  ELSE IF X = 3 THEN
    PRINT "three"
  ELSE
    PRINT "many"
  END IF
NEXT
