' expect-error: 3:6: NEXT J does not match FOR I
FOR I = 1 TO 2
NEXT J
