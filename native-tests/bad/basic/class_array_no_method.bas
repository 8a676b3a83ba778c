' expect-error: 6:1: CLASS C has no method or field NOPE
CLASS C
  v AS INTEGER
END CLASS
DIM a(2) AS C
a(0).Nope()
