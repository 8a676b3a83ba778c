PRINT CHR$(65); CHR$(97); ASC("A"); ASC("z")
PRINT STR$(42); "|"; STR$(-7); "|"; STR$(1 / 3); "|"; STR$(0.5)
PRINT VAL("  -12.5E+1x"); VAL("abc"); VAL("42")
