' STRING members (Viper.String) on fields, chains of fields, FUNCTION results and
' elements of string and object arrays, not only on variables.
CLASS Person
  Name AS STRING
  Friend AS Person
  FUNCTION Initials() AS STRING
    Initials = LEFT$(ME.Name.Trim(), 1)
  END FUNCTION
END CLASS

FUNCTION Greet$(n AS STRING)
  Greet$ = "Hello, " + n
END FUNCTION

FUNCTION Shout(n AS STRING) AS STRING
  Shout = UCASE$(n) + "!"
END FUNCTION

DIM p AS Person
p = NEW Person()
p.Name = "  Ada Lovelace "
p.Friend = NEW Person()
p.Friend.Name = "Charles"
PRINT p.Name.Length
PRINT "["; p.Name.Trim(); "]"
PRINT p.Name.Substring(2, 3)
PRINT p.Friend.Name.Length; " "; p.Friend.Name.ToUpper()
n = p.Friend.Name.Length
PRINT n * 2
PRINT Greet$("Bob").Length
PRINT Greet$("Bob").Substring(0, 5)
PRINT Shout("hey").Length; " "; Shout("hey").ToLower()
t = Shout("x").Substring(0, 1)
PRINT t + t
DIM a$(2)
a$(0) = "alpha"
a$(1) = "be"
PRINT a$(0).Length; " "; a$(1).ToUpper(); " "; a$(0).Substring(1, 2)
DIM ps(1) AS Person
ps(0) = p
PRINT ps(0).Name.Length; " "; ps(0).Friend.Name.Substring(0, 4)
PRINT ps(0).Friend.Name.IndexOf("r")
PRINT p.Initials().Length; " "; p.Initials().ToLower(); " "; p.Friend.Initials().Substring(0, 1)
