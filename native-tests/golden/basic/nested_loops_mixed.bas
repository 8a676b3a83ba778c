FOR I = 1 TO 3
  J = 0
  DO WHILE J < I
    J = J + 1
    PRINT I * 10 + J;
  LOOP
NEXT
PRINT
