' An element that holds a CLASS object cannot be printed: InvalidCast at the PRINT line.
CLASS P
  X AS INTEGER
END CLASS
DIM l AS Viper.Collections.List
l = NEW Viper.Collections.List()
l.Push(1)
l.Push(NEW P())
PRINT l.Get(0)
PRINT l.Get(1)
PRINT "not reached"
