' expect-error: 2:10: unknown type WIDGET
DIM X AS WIDGET
