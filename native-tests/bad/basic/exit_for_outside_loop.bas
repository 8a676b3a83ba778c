' expect-error: 2:1: EXIT FOR outside a FOR loop
EXIT FOR
