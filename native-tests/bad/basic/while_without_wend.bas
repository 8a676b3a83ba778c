' expect-error: 2:1: WHILE without WEND
WHILE 1
PRINT 1
