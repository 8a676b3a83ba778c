S$ = "Hello"
T$ = S$ + ", " + "World"
PRINT T$
PRINT LEN(T$)
PRINT LEFT$(T$, 5); "|"; RIGHT$(T$, 5); "|"; MID$(T$, 8); "|"; MID$(T$, 1, 4)
PRINT UCASE$(T$); " "; LCASE$(T$)
