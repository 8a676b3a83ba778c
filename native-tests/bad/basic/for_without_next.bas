' expect-error: 2:1: FOR without NEXT
FOR I = 1 TO 3
  PRINT I
