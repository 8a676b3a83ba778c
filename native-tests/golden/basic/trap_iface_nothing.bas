' A call through an interface variable that holds NOTHING traps at the call's line.
INTERFACE Greeter
  SUB Hello()
END INTERFACE
CLASS En IMPLEMENTS Greeter
  SUB Hello()
    PRINT "hello"
  END SUB
END CLASS
DIM g AS Greeter
g = NEW En()
g.Hello()
g = NOTHING
g.Hello()
PRINT "not reached"
