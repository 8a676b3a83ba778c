' expect-error: 3:1: USING belongs at the top of the file
PRINT 1
USING Viper.Terminal
