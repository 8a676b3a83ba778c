' expect-error: 9:1: type mismatch: A is a T, B is a U
TYPE T
  X AS INTEGER
END TYPE
TYPE U
  X AS INTEGER
END TYPE
DIM a AS T, b AS U
a = b
