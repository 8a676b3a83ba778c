' Arrays of objects: DIM a(n) AS Class holds NOTHING until assigned; elements take NEW,
' and their fields, properties and methods are reached as a(i).member; VIRTUAL dispatch
' on elements; an array of an interface type; a 2-D array of objects; UBOUND; REDIM
' (elements NOTHING again); a method called on a FUNCTION's object result.
INTERFACE Shape
  FUNCTION Area() AS INTEGER
END INTERFACE

CLASS Sq IMPLEMENTS Shape
  s AS INTEGER
  SUB NEW(s AS INTEGER)
    ME.s = s
  END SUB
  FUNCTION Area() AS INTEGER
    Area = ME.s * ME.s
  END FUNCTION
END CLASS

CLASS Counter
  n AS INTEGER
  name AS STRING
  SUB Bump(k AS INTEGER)
    ME.n = ME.n + k
  END SUB
  VIRTUAL FUNCTION Show$()
    Show$ = ME.name + ":" + STR$(ME.n)
  END FUNCTION
END CLASS

CLASS Loud : Counter
  OVERRIDE FUNCTION Show$()
    Show$ = UCASE$(ME.name) + "!" + STR$(ME.n)
  END FUNCTION
END CLASS

DIM c(3) AS Counter
DIM i AS INTEGER
FOR i = 0 TO 3
  IF i MOD 2 = 0 THEN c(i) = NEW Counter() ELSE c(i) = NEW Loud()
  c(i).name = "c" + STR$(i)
  c(i).Bump(i * 10)
NEXT i
c(2).Bump(5)
c(3).n = c(3).n + 1
FOR i = 0 TO UBOUND(c)
  PRINT c(i).Show$(); " ";
NEXT i
PRINT
DIM x AS Counter
x = c(1)
x.Bump(100)
PRINT c(1).n; " "; c(1) = x; " "; c(0) = x

DIM shapes(2) AS Shape
shapes(0) = NEW Sq(2)
shapes(2) = NEW Sq(5)
DIM total AS INTEGER
FOR i = 0 TO 2
  IF shapes(i) = NOTHING THEN
    PRINT "empty "; i
  ELSE
    total = total + shapes(i).Area()
  END IF
NEXT i
PRINT "total "; total

DIM grid(1, 2) AS Sq
DIM r AS INTEGER, k AS INTEGER
FOR r = 0 TO 1
  FOR k = 0 TO 2
    grid(r, k) = NEW Sq(r * 3 + k)
  NEXT k
NEXT r
PRINT grid(1, 2).Area(); " "; grid(0, 1).s; " "; grid(1, 0).Area()
PRINT Pick(7).Show$()
REDIM c(5)
PRINT UBOUND(c); " "; c(5) = NOTHING; " "; c(0) = NOTHING
DELETE x

FUNCTION Pick(n AS INTEGER) AS Counter
  DIM t AS Counter
  t = NEW Counter()
  t.n = n
  t.name = "p"
  Pick = t
END FUNCTION
