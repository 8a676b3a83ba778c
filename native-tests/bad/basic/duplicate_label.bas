' expect-error: 3:1: label 10 is defined twice
10 PRINT 1
10 PRINT 2
