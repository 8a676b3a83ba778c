' Two unrelated classes implement one interface; calls go through interface-typed
' variables, parameters and results; IS tests against the interface; OVERRIDE on an
' implementation is allowed (the reference's example) but not needed.
INTERFACE Shape
  FUNCTION Area() AS DOUBLE
  FUNCTION Name$()
  SUB Grow(k AS INTEGER)
END INTERFACE

CLASS Square IMPLEMENTS Shape
  side AS DOUBLE
  SUB NEW(s AS DOUBLE)
    ME.side = s
  END SUB
  FUNCTION Area() AS DOUBLE
    Area = ME.side * ME.side
  END FUNCTION
  FUNCTION Name$()
    Name$ = "square"
  END FUNCTION
  SUB Grow(k AS INTEGER)
    ME.side = ME.side * k
  END SUB
END CLASS

CLASS Circle IMPLEMENTS Shape
  r AS DOUBLE
  SUB NEW(r AS DOUBLE)
    ME.r = r
  END SUB
  OVERRIDE FUNCTION Area() AS DOUBLE
    Area = 3 * ME.r * ME.r
  END FUNCTION
  OVERRIDE FUNCTION Name$()
    Name$ = "circle"
  END FUNCTION
  OVERRIDE SUB Grow(k AS INTEGER)
    ME.r = ME.r + k
  END SUB
  FUNCTION Radius() AS DOUBLE
    Radius = ME.r
  END FUNCTION
END CLASS

CLASS Label
  text AS STRING
END CLASS

SUB Report(s AS Shape)
  PRINT s.Name$(); " "; s.Area()
END SUB

FUNCTION Bigger(a AS Shape, b AS Shape) AS Shape
  IF a.Area() >= b.Area() THEN
    Bigger = a
  ELSE
    Bigger = b
  END IF
END FUNCTION

DIM a AS Shape, b AS Shape
a = NEW Square(2)
b = NEW Circle(1)
Report(a)
Report(b)
a.Grow(3)
b.Grow(3)
Report(a)
Report(b)
DIM big AS Shape
big = Bigger(a, b)
PRINT "bigger: "; big.Name$()
PRINT a IS Shape; " "; a IS Square; " "; a IS Circle
DIM c AS Circle
c = NEW Circle(2)
PRINT c.Radius(); " "; c IS Shape
a = c
Report(a)
PRINT a = c; " "; a = b
DIM l AS Label
l = NEW Label()
PRINT l IS Shape
DIM none AS Shape
PRINT none IS Shape; " "; none = NOTHING
DELETE b
DELETE c
