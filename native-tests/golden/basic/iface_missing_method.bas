' A class that names an interface must implement every member: a compile error at the CLASS.
INTERFACE Walker
  SUB Walk()
  FUNCTION Steps() AS INTEGER
END INTERFACE
CLASS Robot IMPLEMENTS Walker
  SUB Walk()
    PRINT "walk"
  END SUB
END CLASS
DIM w AS Walker
w = NEW Robot()
w.Walk()
