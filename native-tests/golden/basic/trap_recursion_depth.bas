FUNCTION Down(n)
  Down = Down(n + 1)
END FUNCTION
PRINT Down(0)
