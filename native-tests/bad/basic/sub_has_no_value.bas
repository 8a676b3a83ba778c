' expect-error: 4:5: S is a SUB and has no value
SUB S
END SUB
X = S(1)
