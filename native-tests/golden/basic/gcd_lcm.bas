FUNCTION Gcd(a, b)
  WHILE b <> 0
    t = b
    b = a MOD b
    a = t
  WEND
  Gcd = a
END FUNCTION
PRINT Gcd(48, 18); Gcd(17, 5); 48 * 18 \ Gcd(48, 18)
