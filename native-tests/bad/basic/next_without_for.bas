' expect-error: 3:1: NEXT without FOR
PRINT 1
NEXT I
