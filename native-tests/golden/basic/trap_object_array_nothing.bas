' A method call on an array element that is still NOTHING traps at the call's line.
CLASS Item
  v AS INTEGER
  SUB Show()
    PRINT ME.v
  END SUB
END CLASS
DIM items(2) AS Item
items(0) = NEW Item()
items(0).v = 5
items(0).Show()
items(1).Show()
PRINT "not reached"
