' expect-error: 4:1: wrong number of arguments to Viper.Collections.List.PUSH: expected 1, got 2
DIM l AS Viper.Collections.List
l = NEW Viper.Collections.List()
l.Push(1, 2)
