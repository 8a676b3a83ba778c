' expect-error: 5:9: argument 1 of TWICE is BYREF and must be a variable
SUB Twice(BYREF x)
  x = x * 2
END SUB
Twice(3 + 4)
