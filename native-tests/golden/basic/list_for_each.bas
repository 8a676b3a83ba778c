' FOR EACH over a Viper.Collections.List: the loop variable takes each element in turn,
' converted to its own type as an assignment from Get would.
DIM nums AS Viper.Collections.List
nums = NEW Viper.Collections.List()
FOR i = 1 TO 5
  nums.Push(i * i)
NEXT i
total = 0
FOR EACH n IN nums
  PRINT n; " ";
  total = total + n
NEXT n
PRINT
PRINT "total "; total

DIM names AS Viper.Collections.List
names = NEW Viper.Collections.List()
names.Push("Ada")
names.Push("Grace")
names.Push("Edsger")
FOR EACH who$ IN names
  IF LEN(who$) > 5 THEN EXIT FOR
  PRINT "hello "; who$
NEXT

' A DOUBLE loop variable for a list of DOUBLE elements (an element converts only to the
' kind it holds).
DIM ratios AS Viper.Collections.List
ratios = NEW Viper.Collections.List()
ratios.Push(0.5)
ratios.Push(2.25)
DIM r AS DOUBLE
FOR EACH r IN ratios
  PRINT r * 2
NEXT

' An empty list runs the body zero times.
DIM empty AS Viper.Collections.List
empty = NEW Viper.Collections.List()
FOR EACH n IN empty
  PRINT "never"
NEXT
PRINT "empty done"

' The count is read before each iteration: removing while iterating stops early.
FOR EACH n IN nums
  PRINT "saw "; n
  nums.RemoveAt(nums.Count - 1)
NEXT
PRINT "left "; nums.Count

' Inside a SUB, over a list parameter.
SUB Sum(l AS Viper.Collections.List)
  DIM acc AS INTEGER
  acc = 0
  FOR EACH v IN l
    acc = acc + v
  NEXT
  PRINT "sum "; acc
END SUB
Sum(nums)
