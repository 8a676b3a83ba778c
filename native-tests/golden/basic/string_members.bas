' STRING members (reference "Runtime Classes Usage Examples": STRING is Viper.String):
' s.Length, s.Substring(start, length) with a 0-based start, other Viper.String members
' with the string as the first argument (IndexOf is 1-based, 0 when missing), in
' expressions and in implicit declarations.
DIM s AS STRING
s = "hello world"
PRINT s.Length
PRINT s.Substring(6, 5)
PRINT s.ToUpper(); " "; s.IndexOf("o"); " "; s.IndexOf("z"); " "; s.Contains("wor"); " "; s.StartsWith("he")
n = s.Length
part$ = s.Substring(0, 4)
PRINT n * 2; " ["; part$; "]"
DIM e AS STRING
PRINT e.Length; " "; e.IsEmpty
t$ = "  pad  "
PRINT "["; t$.Trim(); "]"; t$.Length
FOR i = 0 TO s.Length - 1 STEP 4
  PRINT s.Substring(i, 2); "|";
NEXT i
PRINT
