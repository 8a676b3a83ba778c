' expect-error: 4:3: TYPE T has the field X twice
TYPE T
  X AS INTEGER
  X AS DOUBLE
END TYPE
