USING Viper.Terminal
USING S = Viper.String
Viper.Terminal.PrintI64(42)
viper.terminal.printstr(" is the answer")
Say("")
PrintI64(7)
PrintStr(CHR$(10))
SayInt(3 * 4)
PRINT Viper.Math.Sqrt(16); " "; Viper.Math.Pow(2, 10)
PRINT S.ToUpper("shout"); " "; Viper.String.Length("four")
x$ = Viper.String.Concat("ab", "cd")
PRINT x$
Viper.System.Environment.Exit(3)
PRINT "never"
