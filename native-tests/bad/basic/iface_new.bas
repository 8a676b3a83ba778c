' expect-error: 6:5: cannot create an object of INTERFACE STORE
INTERFACE Store
  SUB Put(x AS INTEGER)
END INTERFACE
DIM s AS Store
s = NEW Store()
