' expect-error: 6:1: the FOR EACH variable O over a list must be INTEGER, DOUBLE, BOOLEAN or STRING
CLASS C
END CLASS
DIM l AS Viper.Collections.List
DIM o AS C
FOR EACH o IN l
NEXT
