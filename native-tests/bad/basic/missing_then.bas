' expect-error: 2:10: expected THEN after IF condition
IF 1 < 2 PRINT "x"
