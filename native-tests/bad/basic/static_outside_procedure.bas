' expect-error: 2:1: STATIC belongs inside a SUB or FUNCTION
STATIC N
