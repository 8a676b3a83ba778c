' expect-error: 3:1: N(...) is not an object, so it has no method SHOW
DIM n(3) AS INTEGER
n(1).Show()
