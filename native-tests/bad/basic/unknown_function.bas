' expect-error: 2:7: unknown function or array FOO
PRINT FOO(1)
