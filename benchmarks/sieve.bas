' Sieve of Eratosthenes, 20 rounds of N = 1e6.
FUNCTION Sieve(n)
  DIM F(n)
  COUNT = 0
  FOR I = 2 TO n - 1
    IF F(I) = 0 THEN
      COUNT = COUNT + 1
      FOR J = I * I TO n - 1 STEP I
        F(J) = 1
      NEXT
    END IF
  NEXT
  Sieve = COUNT
END FUNCTION
S = 0
FOR R = 1 TO 20
  S = S + Sieve(1000000)
NEXT
PRINT S
