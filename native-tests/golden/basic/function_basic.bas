FUNCTION Square(n)
  Square = n * n
END FUNCTION
FUNCTION Half#(x AS DOUBLE) AS DOUBLE
  RETURN x / 2
END FUNCTION
FUNCTION Join$(a$, b$)
  Join$ = a$ + "-" + b$
END FUNCTION
PRINT Square(7); Half#(5); Join$("x", "y")
