S$ = "  Mixed Case Text  "
PRINT "["; UCASE$(TRIM$(S$)); "]"
PRINT LEFT$(LCASE$(S$), 7)
W$ = MID$(TRIM$(S$), 7, 4)
PRINT W$
