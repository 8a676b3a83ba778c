' ON ERROR with TRY: an error in a CATCH body reaches the ON ERROR handler; RESUME NEXT
' continues after END TRY. STATIC in a recursive FUNCTION. RESUME NEXT inside a FOR loop.
SUB S(z)
  ON ERROR GOTO H
  TRY
    PRINT 1 \ z
  CATCH
    PRINT "catch"; 2 \ z
  END TRY
  PRINT "after"
  EXIT SUB
H:
  PRINT "H"
  RESUME NEXT
END SUB
S(0)
FUNCTION Depth(n)
  STATIC calls
  calls = calls + 1
  IF n > 0 THEN Depth = Depth(n - 1) ELSE Depth = calls
END FUNCTION
PRINT Depth(3); Depth(0)
ON ERROR GOTO E
FOR i = 1 TO 3
  x = 10 \ (i - 2)
  PRINT i; x
NEXT
END
E:
PRINT "E at"; ERL
RESUME NEXT
