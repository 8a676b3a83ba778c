' expect-error: 8:1: a collection element is not known to be a P: convert it with AS P
CLASS P
  X AS INTEGER
END CLASS
DIM l AS Viper.Collections.List
l = NEW Viper.Collections.List()
DIM q AS P
q = l.Get(0)
