E$ = ""
PRINT LEN(E$)
PRINT "["; LEFT$(E$, 3); "]"
PRINT "["; RIGHT$("abc", 10); "]"
PRINT "["; MID$("abc", 10); "]"
PRINT "["; MID$("abc", 2, 100); "]"
PRINT INSTR("abc", "")
PRINT INSTR("", "a")
