PRINT -7, 3
PRINT INT(0.5), FIX(0.2), ABS(0.5)
PRINT 1 + 2, 2 * 3, 10 / 4, "x"
PRINT ABS(-12), SGN(-5), INT(-2.5), "end"
PRINT "ab" + "cd", TRUE, FALSE, 1
PRINT -1.5E+20, 7
X = 5
PRINT X, 1
PRINT 1, X, 2
PRINT "a",
PRINT "b"
