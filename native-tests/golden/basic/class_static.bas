' STATIC class members: a field shared by every instance (one cell, read and written as
' Class.field from main, procedures and methods), STATIC methods called through the class
' name and bare inside the class, and a PRIVATE STATIC counter behind a STATIC accessor.
CLASS Ticket
  number AS INTEGER
  STATIC issued AS INTEGER
  PRIVATE STATIC nextId AS INTEGER
  STATIC prefix AS STRING
  SUB NEW()
    Ticket.nextId = Ticket.nextId + 1
    ME.number = Ticket.nextId
    Ticket.issued = Ticket.issued + 1
  END SUB
  STATIC FUNCTION Peek() AS INTEGER
    Peek = Ticket.nextId
  END FUNCTION
  STATIC FUNCTION Format$(n AS INTEGER)
    Format$ = Ticket.prefix + STR$(n)
  END FUNCTION
  FUNCTION Show$()
    Show$ = Format$(ME.number) + " of " + STR$(Peek())
  END FUNCTION
  STATIC SUB Reset()
    Ticket.issued = 0
  END SUB
END CLASS

SUB IssueTwo()
  DIM a AS Ticket, b AS Ticket
  a = NEW Ticket()
  b = NEW Ticket()
  PRINT "in sub: "; Ticket.issued
END SUB

Ticket.prefix = "T-"
PRINT Ticket.issued; " "; Ticket.Peek(); " ["; Ticket.Format$(0); "]"
DIM t AS Ticket
t = NEW Ticket()
PRINT t.Show$()
IssueTwo()
PRINT Ticket.issued; " "; Ticket.Peek()
Ticket.Reset()
Ticket.prefix = "#"
DIM u AS Ticket
u = NEW Ticket()
PRINT Ticket.issued; " "; u.Show$(); " "; t.Show$()
