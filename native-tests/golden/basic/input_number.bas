INPUT "Age? ", A
PRINT "Next year: "; A + 1
