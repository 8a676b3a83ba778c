' An element read as another kind than it holds traps at the line that reads it.
DIM l AS Viper.Collections.List
l = NEW Viper.Collections.List()
l.Push("seven")
DIM s AS STRING
s = l.Get(0)
PRINT s
DIM n AS INTEGER
n = l.Get(0)
PRINT "not reached"
