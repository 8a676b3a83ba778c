' expect-error: 4:1: TRY without CATCH or FINALLY
TRY
  PRINT 1
END TRY
