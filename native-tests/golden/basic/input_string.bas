INPUT N$
LINE INPUT "Line: ", L$
PRINT "["; N$; "]["; L$; "]"
