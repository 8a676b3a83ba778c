' expect-error: 4:1: CLASS B cannot derive from FINAL CLASS A
FINAL CLASS A
END CLASS
CLASS B : A
END CLASS
