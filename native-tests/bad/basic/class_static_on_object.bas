' expect-error: 8:1: STATIC C.S is called through its class: C.S(...)
CLASS C
  STATIC SUB S()
  END SUB
END CLASS
DIM o AS C
o = NEW C()
o.S()
