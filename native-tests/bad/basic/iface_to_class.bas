' expect-error: 11:1: type mismatch: cannot assign STORE to BOX
INTERFACE Store
  SUB Put(x AS INTEGER)
END INTERFACE
CLASS Box IMPLEMENTS Store
  SUB Put(x AS INTEGER)
  END SUB
END CLASS
DIM s AS Store, b AS Box
s = NEW Box()
b = s
