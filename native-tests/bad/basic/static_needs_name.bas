' expect-error: 3:10: expected a variable name after STATIC
SUB S()
  STATIC 5
END SUB
