GOSUB Sub1
PRINT "back once"
GOSUB Sub1
PRINT "back twice"
END
Sub1:
PRINT "in sub"
RETURN
