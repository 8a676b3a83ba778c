' A long checked-arithmetic loop, 3e7 iterations (see checked_loop.il).
S = 0
FOR I = 0 TO 29999999
  T = I * 7 + 3
  U = T - I * 2
  W = U * 3 - T
  S = S + (W - U)
NEXT
PRINT S
