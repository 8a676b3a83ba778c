CONST PI = 3.14159
CONST NAME$ = "circle"
R = 2
PRINT NAME$; PI * R * R
A = 1: B = 2
SWAP A, B
PRINT A; B
X$ = "left": Y$ = "right"
SWAP X$, Y$
PRINT X$; " "; Y$
