CLASS Counter
  PRIVATE count AS INTEGER
  PUBLIC name AS STRING
  SUB NEW(n AS STRING, start AS INTEGER)
    ME.name = n
    ME.count = start
  END SUB
  SUB Inc()
    ME.count = ME.count + 1
  END SUB
  FUNCTION Value() AS INTEGER
    Value = ME.count
  END FUNCTION
  FUNCTION Label$()
    Label$ = ME.name + "=" + STR$(ME.count)
  END FUNCTION
END CLASS

CLASS Pair
  a AS Counter
  b AS Counter
  ratio AS DOUBLE
  ok AS BOOLEAN
END CLASS

SUB Bump(c AS Counter, times AS INTEGER)
  FOR i = 1 TO times
    c.Inc()
  NEXT
END SUB

FUNCTION Make(n AS STRING) AS Counter
  DIM c AS Counter
  c = NEW Counter(n, 10)
  Make = c
END FUNCTION

DIM c AS Counter
c = NEW Counter("hits", 0)
c.Inc()
c.Inc
Bump(c, 3)
PRINT c.Value()
PRINT c.Label$()
c.name = "renamed"
c.name = "again"
PRINT c.Label$()
DIM p AS Pair
p = NEW Pair()
p.a = c
p.b = Make("made")
p.b.Inc()
p.ratio = 1.5
p.ok = TRUE
PRINT p.a.Value(); " "; p.b.Label$(); " "; p.ratio; " "; p.ok
PRINT p.a = c; p.a <> p.b; p.a = NOTHING
DELETE p.b
PRINT p.b = NOTHING
DELETE c
DELETE p
PRINT c = NOTHING
