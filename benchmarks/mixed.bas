' Mixed: Collatz chain lengths for n < 1e6 with a memo array and a running mean.
FUNCTION NextC(n)
  IF n MOD 2 = 0 THEN RETURN n \ 2
  RETURN n * 3 + 1
END FUNCTION
DIM MEMO(999999)
BEST = 0: BESTN = 0: MEAN# = 0
FOR N = 1 TO 999999
  M = N: STEPS = 0: L = -1
  WHILE M <> 1 AND L < 0
    IF M < 1000000 THEN
      IF MEMO(M) <> 0 THEN L = MEMO(M) + STEPS
    END IF
    IF L < 0 THEN
      M = NextC(M)
      STEPS = STEPS + 1
    END IF
  WEND
  IF L < 0 THEN L = STEPS
  MEMO(N) = L
  MEAN# = MEAN# + (L - MEAN#) / N
  IF L > BEST THEN
    BEST = L
    BESTN = N
  END IF
NEXT
PRINT BESTN * 1000 + BEST + FIX(MEAN# * 1000)
