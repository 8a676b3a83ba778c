' expect-error: 8:1: type mismatch: cannot assign BOX to STORE
INTERFACE Store
  SUB Put(x AS INTEGER)
END INTERFACE
CLASS Box
END CLASS
DIM s AS Store
s = NEW Box()
