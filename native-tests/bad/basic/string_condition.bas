' expect-error: 2:7: WHILE condition must be a boolean or an integer, not STRING
WHILE "x"
WEND
