' expect-error: 8:1: ACCT.AUDIT is PRIVATE
CLASS Acct
  PRIVATE SUB Audit()
  END SUB
END CLASS
DIM a AS Acct
a = NEW Acct()
a.Audit()
