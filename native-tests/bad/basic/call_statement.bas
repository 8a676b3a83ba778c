' expect-error: 2:1: there is no CALL statement
CALL Foo
