' String concatenation of literals: S$ = S$ + "ab", then "cde" or "f", 5000 times per
' round, 120 rounds. Checksum = total length.
FUNCTION Build(n)
  S$ = ""
  FOR I = 0 TO n - 1
    S$ = S$ + "ab"
    IF I MOD 3 = 0 THEN
      S$ = S$ + "cde"
    ELSE
      S$ = S$ + "f"
    END IF
  NEXT
  Build = LEN(S$)
END FUNCTION
TOTAL = 0
FOR R = 1 TO 120
  TOTAL = TOTAL + Build(5000)
NEXT
PRINT TOTAL
