' expect-error: 11:5: cannot create an object of CLASS SQ: its method AREA is ABSTRACT
CLASS Shape
  ABSTRACT FUNCTION Area() AS DOUBLE
  ABSTRACT SUB Grow()
END CLASS
CLASS Sq : Shape
  OVERRIDE SUB Grow()
  END SUB
END CLASS
DIM q AS Sq
q = NEW Sq()
