' An ABSTRACT CLASS names an interface and leaves the member ABSTRACT (it counts as
' implemented); the concrete subclass's OVERRIDE runs through the interface and through a
' bare call inside the base class; AS gets the abstract class's view back.
INTERFACE Shape
  FUNCTION Area() AS INTEGER
END INTERFACE
ABSTRACT CLASS Base IMPLEMENTS Shape
  ABSTRACT FUNCTION Area() AS INTEGER
  FUNCTION Twice() AS INTEGER
    Twice = 2 * Area()
  END FUNCTION
END CLASS
CLASS Sq : Base
  s AS INTEGER
  SUB NEW(s AS INTEGER)
    ME.s = s
  END SUB
  OVERRIDE FUNCTION Area() AS INTEGER
    Area = ME.s * ME.s
  END FUNCTION
END CLASS
DIM x AS Shape
x = NEW Sq(3)
PRINT x.Area()
DIM b AS Base
b = x AS Base
PRINT b.Twice()
