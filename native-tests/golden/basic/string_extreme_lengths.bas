' Substring helpers with huge or out-of-range starts and lengths: no overflow, clamped.
PRINT "["; MID$("hello", 2, 9223372036854775807); "]"
PRINT "["; MID$("hello", 9223372036854775807, 9223372036854775807); "]"
PRINT "["; MID$("hello", 9223372036854775807); "]"
PRINT "["; MID$("hello", 5, 1); "]"
PRINT "["; MID$("hello", 6, 1); "]"
PRINT "["; MID$("hello", 1, 0); "]"
PRINT "["; LEFT$("hello", 9223372036854775807); "]"
PRINT "["; RIGHT$("hello", 9223372036854775807); "]"
PRINT "["; LEFT$("hello", 0); "]"; "["; RIGHT$("hello", 0); "]"
PRINT INSTR(9223372036854775807, "hello", "l"); " "; INSTR(-9223372036854775807 - 1, "hello", "l")
PRINT INSTR(5, "hello", "o"); " "; INSTR(6, "hello", ""); " "; INSTR(7, "hello", "")
S$ = "x"
FOR I = 1 TO 10
  S$ = S$ + S$
NEXT
PRINT LEN(S$); " "; LEN(MID$(S$, 1000, 9223372036854775807))
