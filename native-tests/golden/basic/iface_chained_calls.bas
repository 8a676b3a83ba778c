' Calls chained on results: an interface method returning the interface, called on a
' variable, a call's result and an array element; a class method chained three times
' on an array element, then a field of the last result.
INTERFACE Maker
  FUNCTION Make(n AS INTEGER) AS Maker
  FUNCTION Id() AS INTEGER
END INTERFACE
CLASS M IMPLEMENTS Maker
  v AS INTEGER
  FUNCTION Make(n AS INTEGER) AS Maker
    DIM m2 AS M
    m2 = NEW M()
    m2.v = n + ME.v
    Make = m2
  END FUNCTION
  FUNCTION Id() AS INTEGER
    Id = ME.v
  END FUNCTION
END CLASS
DIM a AS Maker
a = NEW M()
DIM b AS Maker
b = a.Make(5)
PRINT b.Id(); " "; b.Make(2).Id()
x = b
PRINT x.Id()
DIM arr(1) AS Maker
arr(0) = b
PRINT arr(0).Make(10).Id()
CLASS Box
  w AS INTEGER
  FUNCTION Grow(k AS INTEGER) AS Box
    DIM r AS Box
    r = NEW Box()
    r.w = ME.w + k
    Grow = r
  END FUNCTION
END CLASS
DIM bx(0) AS Box
bx(0) = NEW Box()
PRINT bx(0).Grow(1).Grow(2).w; " "; bx(0).Grow(4).Grow(5).Grow(6).w
