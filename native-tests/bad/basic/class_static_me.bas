' expect-error: 5:9: ME is not available in the STATIC method C.F
CLASS C
  v AS INTEGER
  STATIC FUNCTION F() AS INTEGER
    F = ME.v
  END FUNCTION
END CLASS
