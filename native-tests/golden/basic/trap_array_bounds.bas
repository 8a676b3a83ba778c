DIM A(3)
A(3) = 1
PRINT "ok"
A(4) = 1
