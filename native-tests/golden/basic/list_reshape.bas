' List.Pop, Reverse, Clone and Slice (viperlib sequential.md).
SUB Show(label AS STRING, l AS Viper.Collections.List)
  PRINT label; ":";
  FOR EACH v IN l
    PRINT " "; v;
  NEXT
  PRINT " ("; l.Count; ")"
END SUB
DIM l AS Viper.Collections.List
l = NEW Viper.Collections.List()
FOR i = 1 TO 6
  l.Push(i * 10)
NEXT
Show("start", l)
' Pop: removes the last element and gives it back.
DIM n AS INTEGER
n = l.Pop()
PRINT "popped "; n
PRINT "popped "; l.Pop()
Show("after pops", l)
' Reverse in place (even and odd counts).
l.Reverse()
Show("reversed", l)
l.Push(99)
l.Reverse()
Show("reversed again", l)
' Clone: a list of its own; changing one leaves the other alone.
DIM c AS Viper.Collections.List
c = l.Clone()
c.Set(0, 7)
c.Push(8)
Show("clone", c)
Show("original", l)
' Slice(start, end): start inclusive, end exclusive.
DIM s AS Viper.Collections.List
s = l.Slice(1, 3)
Show("slice 1..3", s)
Show("slice 2..2", l.Slice(2, 2))
' String elements survive being moved around and popped.
DIM w AS Viper.Collections.List
w = NEW Viper.Collections.List()
w.Push("alpha")
w.Push("beta")
w.Push("gamma")
w.Reverse()
DIM t AS Viper.Collections.List
t = w.Clone()
w.Clear()
last$ = t.Pop()
PRINT last$; " "; t.Get(0); " "; t.Count; " "; w.Count
' Pop of an empty list traps.
w.Pop()
PRINT "not reached"
