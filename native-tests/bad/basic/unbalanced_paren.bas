' expect-error: 2:13: expected ')'
PRINT (1 + 2
