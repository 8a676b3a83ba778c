' ABSTRACT methods have no body and are dispatched to the descendant's OVERRIDE; a class
' whose ABSTRACT methods are all implemented can be created; FINAL OVERRIDE ends a chain
' (a FINAL method is still called virtually through the base); a FINAL CLASS is a normal
' class that nothing derives from.
ABSTRACT CLASS Shape
  name AS STRING
  ABSTRACT FUNCTION Area() AS DOUBLE
  ABSTRACT SUB Scale(k AS DOUBLE)
  FUNCTION Describe$()
    Describe$ = ME.name + "=" + STR$(ME.Area())
  END FUNCTION
END CLASS

CLASS Rect : Shape
  w AS DOUBLE
  h AS DOUBLE
  SUB NEW(w AS DOUBLE, h AS DOUBLE)
    ME.name = "rect"
    ME.w = w
    ME.h = h
  END SUB
  OVERRIDE FUNCTION Area() AS DOUBLE
    Area = ME.w * ME.h
  END FUNCTION
  OVERRIDE SUB Scale(k AS DOUBLE)
    ME.w = ME.w * k
    ME.h = ME.h * k
  END SUB
END CLASS

FINAL CLASS Square : Rect
  SUB NEW(s AS DOUBLE)
    ME.name = "square"
    ME.w = s
    ME.h = s
  END SUB
  FINAL OVERRIDE FUNCTION Area() AS DOUBLE
    Area = ME.w * ME.w
  END FUNCTION
END CLASS

CLASS Tri : Shape
  b AS DOUBLE
  h AS DOUBLE
  SUB NEW(b AS DOUBLE, h AS DOUBLE)
    ME.name = "tri"
    ME.b = b
    ME.h = h
  END SUB
  OVERRIDE FUNCTION Area() AS DOUBLE
    Area = ME.b * ME.h / 2
  END FUNCTION
  OVERRIDE SUB Scale(k AS DOUBLE)
    ME.b = ME.b * k
  END SUB
END CLASS

DIM s1 AS Shape, s2 AS Shape, s3 AS Shape
s1 = NEW Rect(2, 3)
s2 = NEW Square(3)
s3 = NEW Tri(4, 5)
PRINT s1.Describe$(); " "; s2.Describe$(); " "; s3.Describe$()
s1.Scale(2)
s2.Scale(2)
s3.Scale(2)
PRINT s1.Area(); " "; s2.Area(); " "; s3.Area()
DIM r AS Rect
r = NEW Square(1.5)
PRINT r.Area(); " "; r IS Square; " "; r IS Shape
