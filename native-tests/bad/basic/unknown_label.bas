' expect-error: 2:1: unknown label NOWHERE
GOTO Nowhere
