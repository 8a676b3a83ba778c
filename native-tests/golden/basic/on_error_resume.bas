' ON ERROR GOTO with each RESUME form
ON ERROR GOTO Handler
Z = 0
PRINT "start"
X = 10 \ Z
PRINT "after divide: "; X
DIM A(2)
A(5) = 1
PRINT "after bounds"
Tries = 0
Y = 100 \ Divisor
PRINT "retried: "; Y
PRINT 1 \ Z
PRINT "not reached"
Done:
PRINT "resumed at Done, ERR="; ERR; " ERL="; ERL
ON ERROR GOTO 0
PRINT "handler off"
END

Handler:
PRINT "error"; ERR(); " at line"; ERL()
Tries = Tries + 1
IF Tries = 1 AND Divisor = 0 AND ERL = 11 THEN
  Divisor = 4
  RESUME
END IF
IF ERL = 13 THEN RESUME Done
RESUME NEXT
