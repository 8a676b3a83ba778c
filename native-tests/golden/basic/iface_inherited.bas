' Interfaces and inheritance: a base class implements an interface and subclasses override
' its VIRTUAL implementation three levels deep (the interface call runs the dynamic class's
' method); one class implements two interfaces; an implementation inherited from a base
' class that does not itself implement the interface counts.
INTERFACE Speaker
  FUNCTION Speak$()
END INTERFACE

INTERFACE Counter
  SUB Add(n AS INTEGER)
  FUNCTION Total() AS INTEGER
END INTERFACE

CLASS Animal IMPLEMENTS Speaker
  VIRTUAL FUNCTION Speak$()
    Speak$ = "..."
  END FUNCTION
END CLASS

CLASS Dog : Animal
  OVERRIDE FUNCTION Speak$()
    Speak$ = "woof"
  END FUNCTION
END CLASS

CLASS Puppy : Dog
  OVERRIDE FUNCTION Speak$()
    Speak$ = "yip (" + BASE.Speak$() + ")"
  END FUNCTION
END CLASS

CLASS Tally
  n AS INTEGER
  SUB Add(k AS INTEGER)
    ME.n = ME.n + k
  END SUB
END CLASS

CLASS Clock : Tally IMPLEMENTS Counter, Speaker
  FUNCTION Total() AS INTEGER
    Total = ME.n
  END FUNCTION
  FUNCTION Speak$()
    Speak$ = "tick " + STR$(ME.n)
  END FUNCTION
END CLASS

SUB Chorus(a AS Speaker, b AS Speaker, c AS Speaker)
  PRINT a.Speak$(); " / "; b.Speak$(); " / "; c.Speak$()
END SUB

SUB Bump(c AS Counter, times AS INTEGER)
  DIM i AS INTEGER
  FOR i = 1 TO times
    c.Add(i)
  NEXT i
END SUB

DIM s1 AS Speaker, s2 AS Speaker, s3 AS Speaker, s4 AS Speaker
s1 = NEW Animal()
s2 = NEW Dog()
s3 = NEW Puppy()
DIM clk AS Clock
clk = NEW Clock()
s4 = clk
Chorus(s1, s2, s3)
DIM cnt AS Counter
cnt = clk
Bump(cnt, 4)
PRINT cnt.Total(); " "; clk.n
Chorus(s4, s3, s4)
PRINT s3 IS Dog; " "; s3 IS Counter; " "; s4 IS Counter; " "; s4 IS Tally
DIM an AS Animal
an = NEW Puppy()
PRINT an.Speak$()
s1 = an
PRINT s1.Speak$()
