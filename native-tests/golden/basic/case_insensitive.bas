print "lower"
Print "Mixed"
myVar = 3
PRINT MYVAR + myvar
s$ = "x"
PRINT S$
