' ON ERROR GOTO 0 turns the handler off: the next error is an ordinary trap
Z = 0
ON ERROR GOTO H
PRINT 1 \ Z
ON ERROR GOTO 0
PRINT "off"
PRINT 2 \ Z
PRINT "never"
END
H:
PRINT "handled"
RESUME NEXT
