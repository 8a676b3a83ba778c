' expect-error: 13:1: INTERFACE STORE has no method EXTRA
INTERFACE Store
  SUB Put(x AS INTEGER)
END INTERFACE
CLASS Box IMPLEMENTS Store
  SUB Put(x AS INTEGER)
  END SUB
  SUB Extra()
  END SUB
END CLASS
DIM s AS Store
s = NEW Box()
s.Extra()
