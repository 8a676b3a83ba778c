' Viper.Collections.Map from BASIC: STRING keys (boxed by the front end, as upstream's map
' takes strings), typed setters and getters, Get of a missing key is NOTHING.
DIM scores AS Viper.Collections.Map
scores = NEW Viper.Collections.Map()
scores.SetInt("Alice", 95)
scores.SetInt("Bob", 87)
scores.SetInt("Carol", 92)
PRINT scores.Count; " "; scores.IsEmpty
IF scores.Has("Alice") THEN
  PRINT "Alice's score: "; scores.GetInt("Alice")
END IF
PRINT scores.GetIntOr("Dave", 0); " "; scores.Has("Dave"); " "; scores.GetInt("Dave")
IF scores.SetIfMissing("Bob", Viper.Core.Box.I64(123)) THEN
  PRINT "Inserted Bob"
ELSE
  PRINT "Bob already exists"
END IF
IF scores.SetIfMissing("Eve", 70) THEN PRINT "Inserted Eve"
scores.SetInt("Bob", 91)
PRINT scores.GetInt("Bob")
IF scores.Remove("Carol") THEN PRINT "Removed Carol"
PRINT scores.Remove("Carol"); " "; scores.Count

DIM m AS Viper.Collections.Map
m = NEW Viper.Collections.Map()
m.Set("name", "Ada")
m.Set("age", 36)
m.Set("pi", 3.25)
m.SetStr("lang", "BASIC")
m.SetBool("ok", TRUE)
m.SetFloat("half", 1)
DIM s AS STRING
DIM n AS INTEGER
s = m.Get("name")
n = m.Get("age")
PRINT s; " "; n; " "; m.GetFloat("pi"); " "; m.GetStr("lang"); " "; m.GetBool("ok"); " "; m.GetFloat("half")
PRINT "["; m.GetStr("missing"); "] "; m.GetStrOr("missing", "none"); " "; m.GetFloatOr("x", 2.5); " "; m.GetBoolOr("x", TRUE)
PRINT (m.Get("missing") = NOTHING); " "; m.GetStr("name") + "!"
m.Set("name", "Grace")
PRINT m.GetStr("name"); " "; m.Count
DIM keys AS Viper.Collections.List
keys = m.Keys()
FOR i = 0 TO keys.Count - 1
  s = keys.Get(i)
  PRINT s; " ";
NEXT i
PRINT
DIM vals AS Viper.Collections.List
vals = m.Values()
s = vals.Get(0)
PRINT s; " "; vals.Count
m.Clear()
PRINT m.Count; " "; m.IsEmpty; " "; keys.Count
