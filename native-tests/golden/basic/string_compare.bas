PRINT "abc" = "abc"; "abc" <> "abd"; "abc" < "abd"; "b" > "abc"; "a" <= "a"; "a" >= "b"
IF "x" + "y" = "xy" THEN PRINT "concat equal"
