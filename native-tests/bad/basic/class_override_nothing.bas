' expect-error: 6:12: OVERRIDE B.M: no base class has a method M
CLASS A
  x AS INTEGER
END CLASS
CLASS B : A
  OVERRIDE SUB M()
  END SUB
END CLASS
