' expect-error: 2:1: ENUM E without END ENUM
ENUM E
  A
