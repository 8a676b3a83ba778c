' Many calls to small functions: 1e7 iterations, three calls each.
FUNCTION Sq(x)
  Sq = x * x
END FUNCTION
FUNCTION Mix(a, b)
  Mix = (a + b) MOD 1000003
END FUNCTION
FUNCTION Inc(x)
  Inc = x + 1
END FUNCTION
ACC = 0: I = 0
DO
  Q = Sq(I MOD 1000)
  ACC = Mix(ACC, Q)
  I = Inc(I)
LOOP UNTIL I >= 10000000
PRINT ACC
