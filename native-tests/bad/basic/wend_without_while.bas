' expect-error: 2:1: WEND without WHILE
WEND
