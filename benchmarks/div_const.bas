' Checked division and remainder by constants, 1e7 iterations: I \ 3, I MOD 10,
' (-I) \ 7, (-I) MOD 7 (truncating), I \ 1000, I MOD 16 (BASIC has no unsigned forms;
' the operands are not negative there, so the results are the same).
ACC = 0
FOR I = 0 TO 9999999
  N = -I
  ACC = ACC + (I \ 3 + I MOD 10 + N \ 7 + N MOD 7 + I \ 1000 + I MOD 16)
NEXT
PRINT ACC
