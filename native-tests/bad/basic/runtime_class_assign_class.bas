' expect-error: 5:1: type mismatch: cannot assign C to VIPER.TEXT.STRINGBUILDER
CLASS C
END CLASS
DIM sb AS Viper.Text.StringBuilder
sb = NEW C()
