' expect-error: 2:1: DO without LOOP
DO
PRINT 1
