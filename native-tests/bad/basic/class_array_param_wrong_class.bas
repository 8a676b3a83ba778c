' expect-error: 9:6: type mismatch: SHOW takes an array of A, not of B
CLASS A
END CLASS
CLASS B : A
END CLASS
SUB Show(x() AS A)
END SUB
DIM bs(2) AS B
Show(bs)
