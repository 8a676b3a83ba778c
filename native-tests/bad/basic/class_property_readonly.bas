' expect-error: 10:1: PROPERTY C.SIZE has no SET
CLASS C
  PROPERTY Size AS INTEGER
    GET
      Size = 3
    END GET
  END PROPERTY
END CLASS
DIM o AS C: o = NEW C()
o.Size = 4
