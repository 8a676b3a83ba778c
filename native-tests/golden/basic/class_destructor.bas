' DESTRUCTOR runs on DELETE: the object's own class's first, then each base class's, up
' the chain (reference "Destructors and disposal"); it still sees the object's fields; a
' class without one runs its base's; DELETE of NOTHING runs nothing; DELETE through a
' base-typed variable runs the dynamic class's chain.
CLASS Resource
  name AS STRING
  SUB NEW(n AS STRING)
    ME.name = n
    PRINT "open "; n
  END SUB
  DESTRUCTOR
    PRINT "close "; ME.name
  END DESTRUCTOR
END CLASS

CLASS File : Resource
  lines AS INTEGER
  SUB NEW(n AS STRING, k AS INTEGER)
    ME.name = n
    ME.lines = k
    PRINT "file "; n
  END SUB
  DESTRUCTOR
    PRINT "flush "; ME.lines; " lines of "; ME.name
  END DESTRUCTOR
END CLASS

CLASS LogFile : File
END CLASS

CLASS Plain
  v AS INTEGER
END CLASS

DIM r AS Resource, f AS File, g AS Resource
r = NEW Resource("db")
f = NEW File("a.txt", 3)
g = NEW LogFile("log", 7)
DELETE f
PRINT f = NOTHING
DELETE g
DELETE r
DELETE r
DIM p AS Plain
p = NEW Plain()
DELETE p
PRINT "done"
