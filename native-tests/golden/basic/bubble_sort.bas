DIM A(7)
DATA$ = "5 3 8 1 9 2 7 4"
FOR I = 0 TO 7
  A(I) = VAL(MID$(DATA$, I * 2 + 1, 1))
NEXT
FOR I = 0 TO 6
  FOR J = 0 TO 6 - I
    IF A(J) > A(J + 1) THEN SWAP A(J), A(J + 1)
  NEXT
NEXT
FOR I = 0 TO 7: PRINT A(I);: NEXT: PRINT
