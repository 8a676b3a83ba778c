' expect-error: 3:3: GOTO inside a TRY block is not supported
TRY
  GOTO Later
END TRY
Later:
PRINT 1
