' expect-error: 2:11: type mismatch: cannot use + on STRING and INTEGER
PRINT "a" + 1
