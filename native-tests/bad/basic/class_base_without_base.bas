' expect-error: 4:5: BASE in CLASS A, which has no base class
CLASS A
  SUB M()
    BASE.M()
  END SUB
END CLASS
