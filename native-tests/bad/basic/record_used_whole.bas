' expect-error: 7:7: P is a record (TYPE T); use its fields
TYPE T
  X AS INTEGER
END TYPE
DIM p AS T
p.X = 1
PRINT p
