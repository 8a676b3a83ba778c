' expect-error: 2:9: division by zero: the divisor of / is the constant 0
PRINT 1 / 0
