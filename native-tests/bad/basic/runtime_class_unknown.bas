' expect-error: 3:5: unknown class VIPER.TEXT.NOSUCH
DIM x AS Viper.Text.NoSuch
x = NEW Viper.Text.NoSuch()
