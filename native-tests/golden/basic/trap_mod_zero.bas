' The divisor is a variable: MOD by the constant 0 is a compile error (bad/basic/mod_folded_zero.bas)
Z = 0
PRINT 5 MOD Z
