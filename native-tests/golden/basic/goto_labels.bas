I = 0
Top:
I = I + 1
IF I < 3 THEN GOTO Top
PRINT "I ="; I
GOTO 100
PRINT "skipped"
100 PRINT "at 100"
