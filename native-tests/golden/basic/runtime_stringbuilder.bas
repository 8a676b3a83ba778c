' Viper.Text.StringBuilder from BASIC (reference "Runtime Classes Usage Examples"): a
' variable of the runtime class, NEW, member calls with the builder as the first argument
' (sb.Append, the Length property, ToString, Clear), the procedural form, passing the
' builder to a SUB, and a FUNCTION result of the runtime class.
SUB AddWords(b AS Viper.Text.StringBuilder, n AS INTEGER)
  DIM i AS INTEGER
  FOR i = 1 TO n
    b.Append("w" + STR$(i))
    IF i < n THEN b.Append(",")
  NEXT i
END SUB

FUNCTION Fresh(s AS STRING) AS Viper.Text.StringBuilder
  DIM b AS Viper.Text.StringBuilder
  b = NEW Viper.Text.StringBuilder()
  b.Append(s)
  Fresh = b
END FUNCTION

DIM sb AS Viper.Text.StringBuilder
LET sb = NEW Viper.Text.StringBuilder()
sb.Append("Hello")
sb = Viper.Text.StringBuilder.Append(sb, ", ")
sb.Append("world")
Viper.Terminal.PrintI64(sb.Length)
PRINT
Viper.Terminal.PrintStr(sb.ToString())
PRINT
sb.Clear()
PRINT sb.Length; " ["; sb.ToString(); "]"
AddWords(sb, 4)
PRINT sb.ToString(); " "; sb.Length
DIM other AS Viper.Text.StringBuilder
other = Fresh("abc")
other.Append("def").Append("!")
PRINT other.ToString()
