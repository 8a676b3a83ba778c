' expect-error: 3:4: IF condition must be a boolean or an integer, not DOUBLE
X = 1.5
IF X THEN PRINT 1
