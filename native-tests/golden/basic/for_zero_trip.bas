FOR I = 5 TO 1
  PRINT "never"
NEXT I
PRINT "I ="; I
FOR K = 1 TO 0 STEP 1
  PRINT "never"
NEXT
PRINT "K ="; K
