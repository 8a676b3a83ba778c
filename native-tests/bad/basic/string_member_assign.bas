' expect-error: 6:1: cannot assign to the STRING member LENGTH
CLASS P
  S AS STRING
END CLASS
DIM o AS P
o.S.Length = 3
