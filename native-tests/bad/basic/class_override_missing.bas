' expect-error: 7:3: B.M overrides the VIRTUAL A.M: mark it OVERRIDE
CLASS A
  VIRTUAL SUB M()
  END SUB
END CLASS
CLASS B : A
  SUB M()
  END SUB
END CLASS
