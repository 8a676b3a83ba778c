DIM A(4)
FOR I = 0 TO 4: A(I) = I * I: NEXT
T = 0
FOR EACH X IN A
  PRINT X;
  T = T + X
NEXT
PRINT
PRINT T
DIM N$(2)
N$(0) = "a": N$(1) = "b": N$(2) = "c"
FOR EACH S$ IN N$
  PRINT S$; "-";
NEXT
PRINT
