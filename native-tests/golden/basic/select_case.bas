FOR N = 0 TO 12 STEP 3
  SELECT CASE N
  CASE 0
    PRINT N; "zero"
  CASE 1, 2, 3
    PRINT N; "small"
  CASE 4 TO 9
    PRINT N; "medium"
  CASE IS > 10
    PRINT N; "large"
  CASE ELSE
    PRINT N; "other"
  END SELECT
NEXT
