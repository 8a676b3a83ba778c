' expect-error: 2:1: EXIT SUB outside a SUB
EXIT SUB
