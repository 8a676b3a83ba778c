' expect-error: 2:1: wrong number of arguments to VIPER.TERMINAL.PRINTI64: expected 1, got 2
Viper.Terminal.PrintI64(1, 2)
