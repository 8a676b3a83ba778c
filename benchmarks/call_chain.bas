' Chains of tiny calls: C1 -> C2 -> C3 -> C4 -> LEAF per iteration, 5e6 iterations.
FUNCTION Leaf(x)
  Leaf = x + 1
END FUNCTION
FUNCTION C4(x)
  C4 = Leaf(x) + 1
END FUNCTION
FUNCTION C3(x)
  C3 = C4(x) * 2
END FUNCTION
FUNCTION C2(x)
  C2 = C3(x) - x
END FUNCTION
FUNCTION C1(x)
  C1 = C2(x) + 3
END FUNCTION
ACC = 0
FOR I = 0 TO 4999999
  ACC = (ACC + C1(I MOD 1000)) MOD 1000003
NEXT
PRINT ACC
