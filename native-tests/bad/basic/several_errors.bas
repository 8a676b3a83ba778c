' expect-error: 3:7: undefined variable B2
PRINT A1
PRINT B2
S$ = 5
