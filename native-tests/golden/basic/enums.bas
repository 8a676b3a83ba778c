ENUM Direction
  NORTH
  SOUTH
  EAST
  WEST
END ENUM
ENUM Priority
  LOW
  MEDIUM = 5
  HIGH
  BACKWARD = -1
  ZERO
END ENUM
PRINT Direction.NORTH; Direction.SOUTH; Direction.EAST; Direction.WEST
PRINT Priority.LOW; " "; Priority.MEDIUM; " "; Priority.HIGH; " "; Priority.BACKWARD; " "; Priority.ZERO
d = direction.east
SELECT CASE d
CASE Direction.NORTH: PRINT "north"
CASE Direction.EAST: PRINT "east"
END SELECT
FUNCTION Turn(dir)
  Turn = (dir + 1) MOD 4
  IF Turn = Direction.NORTH THEN PRINT "full circle"
END FUNCTION
PRINT Turn(Direction.WEST)
PRINT Priority.HIGH, Direction.WEST
