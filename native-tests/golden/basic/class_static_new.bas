' STATIC SUB NEW runs once per class before the program's first statement, in the order
' the classes are declared (reference "Static members"); it sets STATIC fields that the
' instance constructor and main then read; an instance SUB NEW sits beside it.
CLASS Config
  STATIC greeting AS STRING
  STATIC limit AS INTEGER
  STATIC SUB NEW()
    Config.greeting = "hi"
    Config.limit = 3
    PRINT "config ready"
  END SUB
END CLASS

CLASS Counter
  STATIC made AS INTEGER
  id AS INTEGER
  STATIC SUB NEW()
    Counter.made = 100
    PRINT "counter ready, limit "; Config.limit
  END SUB
  SUB NEW()
    Counter.made = Counter.made + 1
    ME.id = Counter.made
  END SUB
END CLASS

PRINT "main starts"
DIM a AS Counter, b AS Counter
a = NEW Counter()
b = NEW Counter()
PRINT Config.greeting; " "; a.id; " "; b.id; " "; Counter.made
