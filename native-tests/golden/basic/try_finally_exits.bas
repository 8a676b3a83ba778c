SUB Risky(n)
  DIM A(1)
  PRINT "risky"; n
  A(n) = 1
  PRINT "risky survived"; n
END SUB
FUNCTION Find(target)
  FOR i = 1 TO 10
    TRY
      IF i = target THEN
        Find = i * 100
        EXIT FUNCTION
      END IF
    FINALLY
      IF i = target THEN PRINT "cleanup at"; i
    END TRY
  NEXT
  Find = -1
END FUNCTION
TRY
  Risky(1)
  Risky(5)
  PRINT "not reached"
CATCH
  PRINT "the caller caught the callee's trap"
END TRY
PRINT Find(3)
PRINT Find(20)
N = 0
DO
  TRY
    N = N + 1
    IF N = 3 THEN EXIT DO
  FINALLY
    PRINT "pass"; N
  END TRY
LOOP
PRINT "N ="; N
