' A handler in main catches an error raised in a procedure without one;
' RESUME NEXT continues after the call.
FUNCTION Risky(n)
  Risky = 100 \ n
END FUNCTION
SUB Safe(n)
  ON ERROR GOTO Oops
  PRINT "Safe:"; 100 \ n
  EXIT SUB
Oops:
  PRINT "Safe caught"
  RESUME NEXT
END SUB
Z = 0
ON ERROR GOTO Trouble
PRINT Risky(4)
PRINT Risky(0)
PRINT "next"
Safe(5)
Safe(0)
' an error inside the handler itself goes to the caller: here it ends the program
ON ERROR GOTO Bad
PRINT 1 \ Z
PRINT "never"
END
Trouble:
PRINT "main caught"
RESUME NEXT
Bad:
PRINT "in Bad"
Q = 2 \ Z
RESUME NEXT
