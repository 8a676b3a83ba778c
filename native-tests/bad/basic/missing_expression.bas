' expect-error: 2:5: expected an expression
X = 
