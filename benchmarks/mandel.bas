' Mandelbrot: points of a 480x320 grid inside the set (200 iterations).
FUNCTION Inside(cr AS DOUBLE, ci AS DOUBLE)
  zr = 0.0: zi = 0.0
  FOR k = 1 TO 200
    zr2 = zr * zr: zi2 = zi * zi
    IF zr2 + zi2 > 4.0 THEN RETURN 0
    zi = zr * zi * 2.0 + ci
    zr = zr2 - zi2 + cr
  NEXT
  Inside = 1
END FUNCTION
S = 0
FOR Y = 0 TO 319
  FOR X = 0 TO 479
    S = S + Inside(X / 160.0 - 2.0, Y / 160.0 - 1.0)
  NEXT
NEXT
PRINT S
