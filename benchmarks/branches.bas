' Nested loops with branches over a 4000 x 4000 grid.
A = 0: B = 0: C = 0
FOR I = 0 TO 3999
  FOR J = 0 TO 3999
    IF (I + J) MOD 3 = 0 THEN
      A = A + 1
    ELSEIF (I + J) MOD 2 <> 0 THEN  ' the parity of I XOR J
      B = B + 2
    ELSE
      C = C - 1
    END IF
  NEXT
NEXT
PRINT A * 1000003 + B * 1009 + C
