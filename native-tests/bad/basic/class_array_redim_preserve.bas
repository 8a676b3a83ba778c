' expect-error: 5:16: REDIM PRESERVE of an array of objects is not supported
CLASS C
END CLASS
DIM a(3) AS C
REDIM PRESERVE a(5)
