' expect-error: 2:11: division by zero: the divisor of / is the constant 0
PRINT 2.5 / -0.0
