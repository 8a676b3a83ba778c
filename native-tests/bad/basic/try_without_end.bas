' expect-error: 2:1: TRY without END TRY
TRY
  PRINT 1
