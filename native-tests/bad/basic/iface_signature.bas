' expect-error: 6:3: BOX.PUT must have the same parameters and result as STORE.PUT
INTERFACE Store
  SUB Put(x AS INTEGER)
END INTERFACE
CLASS Box IMPLEMENTS Store
  SUB Put(x AS STRING)
  END SUB
END CLASS
