' expect-error: 3:1: END IF without a matching IF
PRINT 1
END IF
