FUNCTION SafeDiv(a, b)
  TRY
    SafeDiv = a \ b
  CATCH
    PRINT "caught division by zero"
    SafeDiv = 0
  END TRY
END FUNCTION
PRINT SafeDiv(10, 2)
PRINT SafeDiv(1, 0)
DIM A(2)
FOR I = 1 TO 4
  TRY
    A(I) = I
    PRINT "stored"; I
  CATCH e
    PRINT "index"; I; "failed, ERR ="; ERR(); e
    EXIT FOR
  FINALLY
    PRINT "finally"; I
  END TRY
NEXT
PRINT "after loop, I ="; I
TRY
  TRY
    X = 9223372036854775807
    X = X + 1
  CATCH
    PRINT "inner caught overflow"
    Z = 0
    Y = 1 \ Z
  END TRY
CATCH
  PRINT "outer caught the error raised in the inner CATCH"
END TRY
PRINT "done"
