' expect-error: 2:1: RETURN without GOSUB
RETURN
