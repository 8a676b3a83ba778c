USING Geo.Shapes
USING M = Geo.Math
NAMESPACE Geo
  NAMESPACE Math
    FUNCTION Square(n)
      Square = n * n
    END FUNCTION
  END NAMESPACE
  NAMESPACE Shapes
    FUNCTION Area(w, h)
      Area = w * h
    END FUNCTION
    SUB Describe(w, h)
      ' siblings and the enclosing namespaces resolve unqualified
      PRINT "area "; Area(w, h); " square "; Geo.Math.Square(w); " cube "; Cube(w)
    END SUB
  END NAMESPACE
  FUNCTION Cube(n)
    Cube = n * Math.Square(n)
  END FUNCTION
END NAMESPACE
namespace Util.Text
  function Shout$(s$)
    Shout$ = UCASE$(s$) + "!"
  end function
end namespace
PRINT Geo.Math.Square(7)
PRINT geo.math.square(3)
PRINT Area(2, 5)
PRINT M.Square(4)
Describe(3, 4)
PRINT Util.Text.Shout$("hi")
PRINT Geo.Cube(2)
