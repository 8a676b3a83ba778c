' expect-error: 3:3: cannot assign to the FOR loop variable I inside its loop
FOR I = 1 TO 3
  I = 5
NEXT
