FUNCTION Steps(n)
  s = 0
  WHILE n <> 1
    IF n MOD 2 = 0 THEN
      n = n \ 2
    ELSE
      n = 3 * n + 1
    END IF
    s = s + 1
  WEND
  Steps = s
END FUNCTION
FOR I = 1 TO 10
  PRINT Steps(I);
NEXT
PRINT
