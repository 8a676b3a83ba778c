' expect-error: 2:1: IF without END IF
IF 1 THEN
  PRINT 1
