' expect-error: 9:1: type mismatch: cannot assign A to B
CLASS A
END CLASS
CLASS B
  S AS STRING
END CLASS
DIM arr(1) AS A
DIM b AS B
FOR EACH b IN arr
  PRINT b.S
NEXT
