' expect-error: 4:3: ENUM COLOR has RED twice
ENUM Color
  RED
  RED
END ENUM
