CLASS Thing
  v AS INTEGER
  SUB Show()
    PRINT ME.v
  END SUB
END CLASS
DIM t AS Thing
PRINT "before"
t.Show()
