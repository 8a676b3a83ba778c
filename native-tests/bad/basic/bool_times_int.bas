' expect-error: 4:10: type mismatch: cannot use * on INTEGER and BOOLEAN
DIM F AS BOOLEAN
F = 3 > 2
PRINT 10 * F
