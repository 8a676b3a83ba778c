' expect-error: 2:1: CLASS B: unknown base class MISSING
CLASS B : Missing
  x AS INTEGER
END CLASS
