' expect-error: 7:7: STRING has no member NOPE
CLASS P
  S AS STRING
END CLASS
DIM o AS P
o = NEW P()
PRINT o.S.Nope
