' expect-error: 3:10: the STATIC SUB NEW of C takes no parameters and no other modifiers
CLASS C
  STATIC SUB NEW(x AS INTEGER)
  END SUB
END CLASS
