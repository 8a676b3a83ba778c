' expect-error: 2:7: undefined variable TOTAL
PRINT TOTAL + 1
