' Inside a method, a bare M(...) calls the class's own or inherited method on ME: as a
' statement and in expressions, a FUNCTION without parentheses, dispatched VIRTUALly like
' ME.M(); the method comes before a global SUB of the same name, which outside the class
' is still the global one.
SUB Note(s AS STRING)
  PRINT "global note: "; s
END SUB

CLASS Base
  n AS INTEGER
  SUB Note(s AS STRING)
    PRINT "[" ; ME.n; "] "; s
  END SUB
  VIRTUAL FUNCTION Kind$()
    Kind$ = "base"
  END FUNCTION
  FUNCTION Twice() AS INTEGER
    Twice = 2 * ME.n
  END FUNCTION
  SUB Run()
    Note("kind " + Kind$())
    Note("twice " + STR$(Twice))
  END SUB
END CLASS

CLASS Child : Base
  OVERRIDE FUNCTION Kind$()
    Kind$ = "child of " + BASE.Kind$()
  END FUNCTION
  SUB Go()
    ME.n = 21
    Run()
    Note("sum " + STR$(Twice() + Twice))
  END SUB
END CLASS

DIM b AS Base
b = NEW Base()
b.n = 4
b.Run()
DIM c AS Child
c = NEW Child()
c.Go()
Note("done")
