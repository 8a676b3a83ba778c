PRINT "Hello, World!"
