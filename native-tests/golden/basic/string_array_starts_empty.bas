' A new string array holds "" (not a null string): it compares equal to "" directly and after a copy.
DIM S$(2)
IF S$(0) = "" THEN PRINT "eq"
T$ = S$(0)
IF T$ = "" THEN PRINT "eq2"
PRINT LEN(S$(1))
