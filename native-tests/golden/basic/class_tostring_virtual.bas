' A user ToString, VIRTUAL in the root and overridden two levels down, called through procedures.
CLASS Animal
  name AS STRING
  legs AS INTEGER
  SUB NEW(n AS STRING, l AS INTEGER)
    ME.name = n
    ME.legs = l
  END SUB
  VIRTUAL FUNCTION ToString() AS STRING
    ToString = ME.name + " (" + STR$(ME.legs) + " legs)"
  END FUNCTION
  VIRTUAL FUNCTION Sound$()
    Sound$ = "..."
  END FUNCTION
END CLASS

CLASS Dog : Animal
  SUB NEW(n AS STRING)
    ME.name = n
    ME.legs = 4
  END SUB
  OVERRIDE FUNCTION Sound$()
    Sound$ = "woof"
  END FUNCTION
END CLASS

CLASS Puppy : Dog
  age AS INTEGER
  SUB NEW(n AS STRING, months AS INTEGER)
    ME.name = n
    ME.legs = 4
    ME.age = months
  END SUB
  OVERRIDE FUNCTION ToString() AS STRING
    ToString = BASE.ToString() + ", " + STR$(ME.age) + " months"
  END FUNCTION
  OVERRIDE FUNCTION Sound$()
    Sound$ = "yip"
  END FUNCTION
END CLASS

SUB Speak(a AS Animal)
  PRINT a.ToString(); ": "; a.Sound$()
END SUB

FUNCTION Pick(i AS INTEGER) AS Animal
  SELECT CASE i
    CASE 0: Pick = NEW Animal("snake", 0)
    CASE 1: Pick = NEW Dog("rex")
    CASE ELSE: Pick = NEW Puppy("bit", 3)
  END SELECT
END FUNCTION

DIM a AS Animal
FOR i = 0 TO 2
  a = Pick(i)
  Speak(a)
  IF a IS Dog THEN PRINT "  a dog"
  DELETE a
NEXT
