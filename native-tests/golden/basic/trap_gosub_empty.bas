GOTO Handler
GOSUB Handler
Handler:
PRINT "in handler"
RETURN
