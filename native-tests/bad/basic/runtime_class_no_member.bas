' expect-error: 4:1: VIPER.TEXT.STRINGBUILDER has no member FROB
DIM sb AS Viper.Text.StringBuilder
sb = NEW Viper.Text.StringBuilder()
sb.Frob(1)
