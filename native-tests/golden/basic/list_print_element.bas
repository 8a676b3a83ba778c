' PRINT of a list element prints the value its box holds, as PRINT prints that type.
DIM l AS Viper.Collections.List
l = NEW Viper.Collections.List()
l.Push(42)
l.Push(2.5)
l.Push(TRUE)
l.Push("text")
l.Push(1 / 3)
PRINT l.Get(0)
PRINT l.Get(1); "|"; l.Get(2); "|"; l.Get(3)
PRINT l.First(); " "; l.Last()
PRINT l.Get(0), l.Get(1)
DIM m AS Viper.Collections.Map
m = NEW Viper.Collections.Map()
m.SetInt("k", 7)
PRINT m.Get("k")
