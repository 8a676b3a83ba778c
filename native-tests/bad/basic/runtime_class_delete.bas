' expect-error: 4:8: DELETE frees CLASS objects; the runtime owns a VIPER.TEXT.STRINGBUILDER
DIM sb AS Viper.Text.StringBuilder
sb = NEW Viper.Text.StringBuilder()
DELETE sb
