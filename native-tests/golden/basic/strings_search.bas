PRINT INSTR("hello world", "o")
PRINT INSTR(6, "hello world", "o")
PRINT INSTR("hello", "z")
PRINT "["; TRIM$("  pad  "); "]["; LTRIM$("  pad  "); "]["; RTRIM$("  pad  "); "]"
