A = 3
IF A > 2 THEN PRINT "big"
IF A > 5 THEN PRINT "huge" ELSE PRINT "not huge"
IF 0 THEN PRINT "a": PRINT "b"
IF A THEN PRINT "nonzero is true"
