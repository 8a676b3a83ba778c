' expect-error: 2:7: unterminated string literal
PRINT "oops
