' expect-error: 3:9: division by zero: the divisor of MOD is the constant 0
' (3 - 3) folds to 0: the check looks at the divisor after folding
PRINT 7 MOD (3 - 3)
