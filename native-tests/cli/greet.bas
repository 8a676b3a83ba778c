PRINT "name?"
INPUT A$
PRINT "hi "; A$
INPUT B$
PRINT "hi "; B$
