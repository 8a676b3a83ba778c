' PROPERTY with GET and SET: reads and writes through the accessors (the SET validates,
' the GET computes), a read-only property, a property of object type used in a chain,
' VIRTUAL/OVERRIDE properties dispatched on the dynamic class, and assignment inside GET
' through the property's name.
CLASS Temperature
  PROPERTY Celsius AS DOUBLE
    GET
      RETURN ME.celsius_
    END GET
    SET(v AS DOUBLE)
      IF v < -273 THEN v = -273
      ME.celsius_ = v
    END SET
  END PROPERTY
  PRIVATE celsius_ AS DOUBLE
  PROPERTY Fahrenheit AS DOUBLE
    GET
      Fahrenheit = ME.celsius_ * 9 / 5 + 32
    END GET
    SET(f)
      ME.Celsius = (f - 32) * 5 / 9
    END SET
  END PROPERTY
  PROPERTY Label AS STRING
    GET
      Label = STR$(ME.Celsius) + "C"
    END GET
  END PROPERTY
END CLASS

CLASS Node
  value AS INTEGER
  PRIVATE nxt AS Node
  PROPERTY NextNode AS Node
    GET
      NextNode = ME.nxt
    END GET
    SET(n AS Node)
      ME.nxt = n
    END SET
  END PROPERTY
END CLASS

CLASS Animal
  VIRTUAL PROPERTY Sound AS STRING
    GET
      Sound = "..."
    END GET
  END PROPERTY
END CLASS

CLASS Cat : Animal
  OVERRIDE PROPERTY Sound AS STRING
    GET
      Sound = "meow"
    END GET
  END PROPERTY
END CLASS

DIM t AS Temperature
t = NEW Temperature()
t.Celsius = 100
PRINT t.Celsius; " "; t.Fahrenheit; " "; t.Label
t.Fahrenheit = 32
PRINT t.Celsius; " "; t.Label
t.Celsius = -500
PRINT t.Celsius
t.Celsius = t.Celsius + 283
PRINT t.Label

DIM a AS Node, b AS Node, c AS Node
a = NEW Node()
b = NEW Node()
c = NEW Node()
a.value = 1
b.value = 2
c.value = 3
a.NextNode = b
b.NextNode = c
PRINT a.NextNode.value; " "; a.NextNode.NextNode.value
PRINT c.NextNode = NOTHING; " "; a.NextNode.NextNode.NextNode = NOTHING

DIM pet AS Animal
pet = NEW Animal()
PRINT pet.Sound
pet = NEW Cat()
PRINT pet.Sound; " "; LEN(pet.Sound)
