' expect-error: 2:11: THEN needs a statement
IF 1 THEN 100
100 PRINT 1
