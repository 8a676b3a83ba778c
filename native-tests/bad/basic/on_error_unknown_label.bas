' expect-error: 2:1: unknown label NOWHERE
ON ERROR GOTO Nowhere
PRINT 1
