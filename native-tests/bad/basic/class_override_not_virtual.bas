' expect-error: 7:12: B.M hides A.M, which is not VIRTUAL
CLASS A
  SUB M()
  END SUB
END CLASS
CLASS B : A
  OVERRIDE SUB M()
  END SUB
END CLASS
