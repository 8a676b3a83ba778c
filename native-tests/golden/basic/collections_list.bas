' Viper.Collections.List from BASIC: values are boxed by their type on the way in and
' unboxed by the type they are assigned to on the way out; CLASS objects are stored as
' references and come back through AS.
CLASS Person
  Name AS STRING
  SUB NEW(n AS STRING)
    ME.Name = n
  END SUB
END CLASS

SUB Show(n AS INTEGER, s AS STRING, l AS Viper.Collections.List)
  PRINT n; " "; s; " "; l.Count
END SUB

DIM l AS Viper.Collections.List
l = NEW Viper.Collections.List()
PRINT l.Count; " "; l.IsEmpty
l.Push(10)
l.Add(20)
l.Push(30)
PRINT l.Count; " "; l.Len; " "; l.IsEmpty
DIM n AS INTEGER
n = l.Get(1)
PRINT n
l.Set(1, 25)
n = l.Get(1)
PRINT n
l.Insert(0, 5)
FOR i = 0 TO l.Count - 1
  n = l.Get(i)
  PRINT n; " ";
NEXT i
PRINT
PRINT l.Has(30); " "; l.Contains(99); " "; l.Find(30); " "; l.IndexOf(7)
PRINT l.Remove(5); " "; l.Remove(5); " "; l.Count
l.RemoveAt(0)
n = l.First()
PRINT n
n = l.Last()
PRINT n
PRINT Viper.Core.Box.ToI64(l.Get(0)) * 2
l.Push(Viper.Core.Box.I64(7))
PRINT l.Count
l.Clear()
PRINT l.Count; " "; (l.First() = NOTHING); " "; (l.Last() = NOTHING)

DIM names AS Viper.Collections.List
names = NEW Viper.Collections.List()
names.Push("pear")
names.Push("apple")
names.Push("fig")
names.Sort()
DIM s AS STRING
FOR i = 0 TO names.Count - 1
  s = names.Get(i)
  PRINT s; " ("; s.Length; ")"
NEXT i
PRINT names.Has("fig"); " "; names.Find("pear")
names.SortDesc()
s = names.First()
PRINT s

DIM fl AS Viper.Collections.List
fl = NEW Viper.Collections.List()
fl.Push(1.5)
fl.Push(TRUE)
DIM d AS DOUBLE
DIM b AS BOOLEAN
d = fl.Get(0)
b = fl.Get(1)
PRINT d; " "; b

DIM people AS Viper.Collections.List
people = NEW Viper.Collections.List()
DIM p AS Person
p = NEW Person("Ada")
people.Push(p)
people.Push(NEW Person("Bob"))
DIM q AS Person
FOR i = 0 TO people.Count - 1
  q = people.Get(i) AS Person
  PRINT q.Name
NEXT i
PRINT people.Has(p); " "; people.Find(q); " "; people.Has(NEW Person("Ada"))
PRINT (people.Get(0) IS Person); " "; (names.Get(0) IS Person); " "; (names.Get(0) AS Person = NOTHING)

' A list of lists holds references too.
DIM outer AS Viper.Collections.List
outer = NEW Viper.Collections.List()
outer.Push(names)
PRINT outer.Has(names); " "; outer.Has(fl)
' Elements convert to a procedure's parameter types; a list is passed as an object.
DIM nums AS Viper.Collections.List
nums = NEW Viper.Collections.List()
nums.Push(42)
Show(nums.Get(0), names.Get(0), names)
