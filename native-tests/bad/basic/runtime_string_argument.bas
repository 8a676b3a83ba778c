' expect-error: 2:25: argument 1 of VIPER.TERMINAL.PRINTSTR must be a STRING, not INTEGER
Viper.Terminal.PrintStr(5)
