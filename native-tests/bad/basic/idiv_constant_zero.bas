' expect-error: 3:7: division by zero: the divisor of \ is the constant 0
PRINT "never compiled"
X = 5 \ 0
