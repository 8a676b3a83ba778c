10 PRINT "ten"
20 GOTO 40
30 PRINT "thirty"
40 PRINT "forty"
50 END
60 PRINT "never"
