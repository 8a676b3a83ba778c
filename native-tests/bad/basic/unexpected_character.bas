' expect-error: 2:9: unexpected character '@'
PRINT 1 @ 2
