PRINT "start"
IF 1 THEN END
PRINT "never"
