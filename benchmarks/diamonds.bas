' Select and if/else diamonds in a hot loop, 1e7 iterations (see diamonds.il).
ACC = 0: V = 0
FOR I = 0 TO 9999999
  R = I MOD 100
  IF R > 50 THEN MX = R ELSE MX = 50
  IF I MOD 3 = 0 THEN T = 7 ELSE T = 2
  IF I MOD 2 = 0 THEN V = V + R ELSE V = V - 1
  IF V > 1000 THEN V = V - 1000 ELSE V = V + T
  ACC = ACC + MX + T + V
NEXT
PRINT ACC
