' obj AS T: the object when obj IS T, otherwise NOTHING (reference "Interfaces and
' RTTI"); the result has type T, so T's members are reachable; NOTHING AS T is NOTHING.
INTERFACE Named
  FUNCTION Name$()
END INTERFACE

CLASS Animal
  legs AS INTEGER
END CLASS

CLASS Dog : Animal IMPLEMENTS Named
  SUB NEW()
    ME.legs = 4
  END SUB
  FUNCTION Name$()
    Name$ = "dog"
  END FUNCTION
  SUB Bark()
    PRINT "woof"
  END SUB
END CLASS

CLASS Bird : Animal
  SUB NEW()
    ME.legs = 2
  END SUB
END CLASS

SUB Inspect(a AS Animal)
  DIM d AS Dog
  d = a AS Dog
  IF d = NOTHING THEN
    PRINT "not a dog, legs "; a.legs
  ELSE
    d.Bark()
  END IF
  DIM n AS Named
  n = a AS Named
  IF n <> NOTHING THEN PRINT "named "; n.Name$()
END SUB

DIM x AS Animal
x = NEW Dog()
Inspect(x)
x = NEW Bird()
Inspect(x)
DIM nobody AS Animal
PRINT (nobody AS Dog) = NOTHING
DIM n AS Named
n = NEW Dog()
DIM back AS Animal
back = n AS Animal
DIM dd AS Dog
dd = n AS Dog
PRINT back.legs; " "; dd.Name$(); " "; (back AS Bird) = NOTHING
