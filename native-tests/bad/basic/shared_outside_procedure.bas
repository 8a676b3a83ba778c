' expect-error: 3:1: SHARED belongs inside a SUB or FUNCTION
X = 1
SHARED X
