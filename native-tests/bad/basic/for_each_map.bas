' expect-error: 3:15: FOR EACH needs an array or a Viper.Collections.List after IN
DIM m AS Viper.Collections.Map
FOR EACH k IN m
NEXT
