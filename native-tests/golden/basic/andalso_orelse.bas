FUNCTION Loud(x)
  PRINT "eval"; x
  Loud = x
END FUNCTION
IF Loud(0) ANDALSO Loud(1) THEN PRINT "both"
IF Loud(1) ORELSE Loud(2) THEN PRINT "either"
IF Loud(1) AND Loud(0) THEN PRINT "eager and"
PRINT "done"
