' FOR EACH over an array of objects: the variable may be of the element class or a base.
CLASS Shape
  Name AS STRING
  VIRTUAL FUNCTION Area() AS INTEGER
    Area = 0
  END FUNCTION
END CLASS
CLASS Square : Shape
  Side AS INTEGER
  OVERRIDE FUNCTION Area() AS INTEGER
    Area = ME.Side * ME.Side
  END FUNCTION
END CLASS
DIM sq(2) AS Square
FOR i = 0 TO 2
  sq(i) = NEW Square()
  sq(i).Side = i + 2
  sq(i).Name = "sq" + STR$(i)
NEXT
DIM s AS Shape
FOR EACH s IN sq
  PRINT s.Name; " "; s.Area()
NEXT
DIM q AS Square
total = 0
FOR EACH q IN sq
  total = total + q.Side
NEXT
PRINT "sides "; total
