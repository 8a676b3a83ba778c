' expect-error: 7:7: unknown function or array F
NAMESPACE A
  FUNCTION F(n)
  F = n
  END FUNCTION
END NAMESPACE
PRINT F(1)
