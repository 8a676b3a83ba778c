' expect-error: 3:12: type mismatch: cannot use + on BOOLEAN and INTEGER
DIM F AS BOOLEAN
PRINT TRUE + 1
