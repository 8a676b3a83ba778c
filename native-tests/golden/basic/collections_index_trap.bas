' List indexes are zero-based; an index past the end traps (DomainError, as upstream).
DIM l AS Viper.Collections.List
l = NEW Viper.Collections.List()
l.Push(1)
l.Push(2)
DIM n AS INTEGER
n = l.Get(1)
PRINT n
n = l.Get(2)
PRINT "not reached"
