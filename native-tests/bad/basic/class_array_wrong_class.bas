' expect-error: 7:1: type mismatch: cannot assign D to C
CLASS C
END CLASS
CLASS D
END CLASS
DIM a(3) AS C
a(1) = NEW D()
