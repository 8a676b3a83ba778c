PRINT MID$("abc", 0)
