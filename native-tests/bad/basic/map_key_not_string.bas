' expect-error: 4:7: a Viper.Collections.Map key is a STRING, not INTEGER
DIM m AS Viper.Collections.Map
m = NEW Viper.Collections.Map()
m.Set(1, 2)
