' STATIC object fields (a module cell per field, NOTHING until assigned) and STATIC
' DESTRUCTOR (run once when main ends, in class declaration order).
CLASS Logger
  Prefix AS STRING
  Count AS INTEGER
  SUB Log(m AS STRING)
    ME.Count = ME.Count + 1
    PRINT ME.Prefix; m
  END SUB
END CLASS

CLASS App
  STATIC Log AS Logger
  STATIC Started AS INTEGER
  STATIC SUB NEW()
    App.Started = 1
  END SUB
  STATIC SUB Init()
    App.Log = NEW Logger()
    App.Log.Prefix = "[app] "
  END SUB
  STATIC DESTRUCTOR
    PRINT "App shutdown after "; App.Log.Count; " messages"
  END DESTRUCTOR
END CLASS

CLASS Other
  STATIC DESTRUCTOR
    PRINT "Other shutdown"
  END DESTRUCTOR
END CLASS

SUB Work()
  App.Log.Log("working")
END SUB

PRINT (App.Log = NOTHING); " "; App.Started
App.Init()
App.Log.Log("hello")
Work()
PRINT App.Log.Count; " "; App.Log.Prefix.Length
DIM l AS Logger
l = App.Log
l.Log("via a variable")
PRINT "main ends"
IF App.Started = 1 THEN END
PRINT "not reached"
