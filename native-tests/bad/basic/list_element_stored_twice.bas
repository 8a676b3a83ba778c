' expect-error: 6:8: an element of a collection cannot be stored again: assign it to a typed variable first
DIM l AS Viper.Collections.List
l = NEW Viper.Collections.List()
l.Push(1)
DIM k AS Viper.Collections.List
k.Push(l.Get(0))
