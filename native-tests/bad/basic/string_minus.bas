' expect-error: 2:11: operator - does not apply to strings
PRINT "a" - "b"
