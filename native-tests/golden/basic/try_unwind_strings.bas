' A trap in a nested procedure caught by a TRY two frames up: each frame's string
' locals and temporaries were live when it was unwound; the loop catches three times.
SUB Inner(n AS INTEGER)
  DIM s AS STRING
  s = "abc" + STR$(n)
  DIM t$
  t$ = s + s
  PRINT LEN(t$)
  PRINT 10 \ (n - n)
END SUB
SUB Middle(n AS INTEGER)
  DIM m AS STRING
  m = "mid" + STR$(n)
  Inner(n)
  PRINT m
END SUB
DIM i AS INTEGER
FOR i = 1 TO 3
  TRY
    Middle(i)
  CATCH
    PRINT "caught "; ERR()
  END TRY
NEXT i
PRINT "end"
