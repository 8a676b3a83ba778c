DIM M(2, 3)
FOR I = 0 TO 2
  FOR J = 0 TO 3
    M(I, J) = I * 10 + J
  NEXT
NEXT
PRINT M(0, 0); M(1, 2); M(2, 3)
PRINT UBOUND(M)
