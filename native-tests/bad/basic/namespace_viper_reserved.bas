' expect-error: 2:1: the Viper namespace is reserved for the runtime
NAMESPACE Viper.Mine
END NAMESPACE
