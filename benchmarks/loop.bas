' A tight integer loop: 1e8 checked additions.
S = 0
FOR I = 0 TO 99999999
  S = S + I
NEXT
PRINT S
