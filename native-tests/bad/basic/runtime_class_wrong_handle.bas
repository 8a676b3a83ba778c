' expect-error: 5:38: argument 1 of VIPER.COLLECTIONS.LIST.GET_COUNT must be a VIPER.COLLECTIONS.LIST
DIM sb AS Viper.Text.StringBuilder
sb = NEW Viper.Text.StringBuilder()
DIM n AS INTEGER
n = Viper.Collections.List.get_Count(sb)
