' expect-error: 3:1: cannot assign to the constant LIMIT
CONST LIMIT = 10
LIMIT = 11
