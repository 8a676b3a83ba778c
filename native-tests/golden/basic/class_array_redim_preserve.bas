' REDIM PRESERVE of an array of objects keeps the references of the elements that still
' fit; the new elements are NOTHING.
CLASS Item
  Name AS STRING
  SUB NEW(n AS STRING)
    ME.Name = n
  END SUB
END CLASS
DIM a(2) AS Item
FOR i = 0 TO 2
  a(i) = NEW Item("item" + STR$(i))
NEXT
REDIM PRESERVE a(4)
PRINT UBOUND(a)
FOR i = 0 TO 4
  IF a(i) IS Item THEN PRINT a(i).Name ELSE PRINT i; " is NOTHING"
NEXT
a(4) = NEW Item("added")
REDIM PRESERVE a(1)
PRINT UBOUND(a); " "; a(0).Name; " "; a(1).Name
' Growing again: the elements cut off are gone, the kept ones stay.
REDIM PRESERVE a(3)
PRINT a(1).Name; " "; a(3) IS Item
' An array declared without elements yet (REDIM of one never filled) keeps nothing.
DIM b(0) AS Item
REDIM PRESERVE b(2)
b(2) = a(0)
PRINT b(0) IS Item; " "; b(2).Name
