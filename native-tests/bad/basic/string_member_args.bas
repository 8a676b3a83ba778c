' expect-error: 4:7: wrong number of arguments to S.SUBSTRING: expected 2, got 1
DIM s AS STRING
s = "abc"
PRINT s.Substring(1)
