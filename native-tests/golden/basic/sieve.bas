N = 50
DIM P(50)
COUNT = 0
FOR I = 2 TO N
  IF P(I) = 0 THEN
    COUNT = COUNT + 1
    PRINT I;
    FOR J = I * I TO N STEP I
      P(J) = 1
    NEXT
  END IF
NEXT
PRINT
PRINT COUNT; "primes"
