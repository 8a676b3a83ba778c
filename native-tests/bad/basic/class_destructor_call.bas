' expect-error: 8:1: the DESTRUCTOR runs through DELETE
CLASS C
  DESTRUCTOR
  END DESTRUCTOR
END CLASS
DIM o AS C
o = NEW C()
o.Destructor()
