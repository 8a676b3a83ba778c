DIM Done AS BOOLEAN
Done = FALSE
N = 0
WHILE NOT Done
  N = N + 1
  IF N >= 3 THEN Done = TRUE
WEND
PRINT N; Done
Flag = 1 = 1
PRINT Flag
