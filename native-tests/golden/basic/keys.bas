PRINT "Press a key: ";
K$ = GETKEY$()
PRINT "got ["; K$; "]"
PRINT "[" + INKEY$() + "]"
