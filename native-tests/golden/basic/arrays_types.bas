DIM F(3) AS DOUBLE
DIM S$(2)
F(1) = 1.5
S$(0) = "zero"
S$(2) = "two"
PRINT F(0); F(1); "["; S$(0); S$(1); S$(2); "]"
S$(0) = S$(0) + "!"
PRINT S$(0)
