' expect-error: 2:1: type mismatch: cannot assign INTEGER to STRING
S$ = 42
