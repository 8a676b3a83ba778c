' expect-error: 4:10: X is SHARED and also a local of S
SUB S()
  DIM X
  SHARED X
END SUB
X = 1
