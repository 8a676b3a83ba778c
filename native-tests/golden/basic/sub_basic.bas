SUB Greet(name$)
  PRINT "Hi "; name$
END SUB
SUB Banner
  PRINT "***"
END SUB
Banner
Greet("Ada")
Greet("Bob" + "!")
Banner
