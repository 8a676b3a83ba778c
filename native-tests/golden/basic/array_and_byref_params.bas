SUB Fill(a(), n)
  FOR i = 0 TO n
    a(i) = i * 10
  NEXT
END SUB
FUNCTION Total(a())
  t = 0
  FOR EACH x IN a
    t = t + x
  NEXT
  Total = t
END FUNCTION
SUB Twice(BYREF x)
  x = x * 2
END SUB
SUB Shout(BYREF s$)
  s$ = UCASE$(s$) + "!"
END SUB
DIM V(4)
Fill(V, 4)
PRINT V(0); V(4); Total(V())
N = 21
Twice(N)
PRINT N
W$ = "hey"
Shout(W$)
PRINT W$
