SUB Count(n)
  FOR I = 1 TO 10
    IF I > n THEN EXIT SUB
    PRINT I;
  NEXT
END SUB
FUNCTION FirstOver(limit)
  FOR I = 1 TO 100
    IF I * I > limit THEN
      FirstOver = I
      EXIT FUNCTION
    END IF
  NEXT
  FirstOver = -1
END FUNCTION
Count(3)
PRINT
PRINT FirstOver(50)
