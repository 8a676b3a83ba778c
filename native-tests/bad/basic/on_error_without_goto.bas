' expect-error: 2:10: expected GOTO after ON ERROR
ON ERROR PRINT 1
