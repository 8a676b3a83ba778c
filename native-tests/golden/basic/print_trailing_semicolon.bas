PRINT "no newline";
PRINT " here"
PRINT
PRINT "after blank"
