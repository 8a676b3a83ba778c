' expect-error: 5:1: the element List.Pop returns lasts only for its statement
DIM l AS Viper.Collections.List
l = NEW Viper.Collections.List()
l.Push(1)
e = l.Pop()
