PRINT "A", 1, "B"
PRINT "abcdefghijklmnop", "x"
PRINT 1, 2, 3,
PRINT "end"
A = 5
PRINT A, A
