' expect-error: 6:7: IS needs an object on its left, not INTEGER
CLASS A
  x AS INTEGER
END CLASS
DIM n AS INTEGER
PRINT n IS A
