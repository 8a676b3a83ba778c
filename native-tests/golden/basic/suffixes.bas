A% = 7
B# = 2.5
C$ = "text"
D! = 1.5
PRINT A%; B#; C$; D!
A% = 2.5
PRINT A%
