' expect-error: 3:6: type mismatch: CASE value is STRING but the selector is INTEGER
SELECT CASE 5
CASE "five"
  PRINT 1
END SELECT
