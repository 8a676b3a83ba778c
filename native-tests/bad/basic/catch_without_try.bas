' expect-error: 2:1: CATCH without TRY
CATCH
PRINT 1
