' expect-error: 7:7: ACCT.BAL is PRIVATE
CLASS Acct
  PRIVATE bal AS INTEGER
END CLASS
DIM a AS Acct
a = NEW Acct()
PRINT a.bal
