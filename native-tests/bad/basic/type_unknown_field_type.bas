' expect-error: 3:8: unknown type WIDGET
TYPE T
  X AS Widget
END TYPE
