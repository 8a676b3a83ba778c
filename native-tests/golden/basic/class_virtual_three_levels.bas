' Three levels of classes: virtual dispatch by class id, BASE calls, IS tests.
CLASS Shape
  name AS STRING
  SUB NEW(n AS STRING)
    ME.name = n
  END SUB
  VIRTUAL FUNCTION Area() AS DOUBLE
    Area = 0
  END FUNCTION
  VIRTUAL FUNCTION Describe$()
    Describe$ = ME.name + " area " + STR$(ME.Area())
  END FUNCTION
  SUB Rename(n AS STRING)
    ME.name = n
  END SUB
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
END CLASS

CLASS Square : Rect
  SUB NEW(s AS DOUBLE)
    ME.name = "square"
    ME.w = s
    ME.h = s
  END SUB
  OVERRIDE FUNCTION Describe$()
    Describe$ = "[" + BASE.Describe$() + "]"
  END FUNCTION
END CLASS

CLASS Circle : Shape
  r AS DOUBLE
  SUB NEW(r AS DOUBLE)
    ME.name = "circle"
    ME.r = r
  END SUB
  OVERRIDE FUNCTION Area() AS DOUBLE
    Area = 3 * ME.r * ME.r
  END FUNCTION
END CLASS

SUB Show(s AS Shape)
  PRINT s.Describe$(); " rect? "; s IS Rect; " square? "; s IS Square; " shape? "; s IS Shape
END SUB

FUNCTION Total(a AS Shape, b AS Shape, c AS Shape) AS DOUBLE
  Total = a.Area() + b.Area() + c.Area()
END FUNCTION

DIM s AS Shape, r AS Shape, q AS Shape, c AS Shape
s = NEW Shape("blob")
r = NEW Rect(2, 3)
q = NEW Square(4)
c = NEW Circle(1)
Show(s)
Show(r)
Show(q)
Show(c)
PRINT Total(r, q, c)
q.Rename("box")
Show(q)
DIM sq AS Square
sq = NEW Square(1.5)
PRINT sq.Area(); " "; sq.Describe$()
r = sq
PRINT r.Describe$()
DIM nobody AS Shape
PRINT nobody IS Shape
DELETE s
DELETE q
DELETE c
DELETE sq
