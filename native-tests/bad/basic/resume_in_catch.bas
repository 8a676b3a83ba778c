' expect-error: 7:5: RESUME inside a TRY block is not supported
ON ERROR GOTO H
TRY
  PRINT 1
CATCH
  PRINT 2
    RESUME NEXT
END TRY
H:
RESUME NEXT
