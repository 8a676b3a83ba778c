REM Each level holds an 8 MB array: the 1 GiB memory budget ends it long before the call depth limit.
FUNCTION F(N AS INTEGER) AS INTEGER
  DIM A(1000000) AS INTEGER
  A(0) = N
  IF N = 0 THEN
    F = 0
  ELSE
    F = F(N - 1) + A(0)
  END IF
END FUNCTION
PRINT F(100000)
