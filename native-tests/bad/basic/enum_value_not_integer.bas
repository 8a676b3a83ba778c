' expect-error: 3:9: an ENUM value must be an integer literal
ENUM Color
  RED = "x"
END ENUM
