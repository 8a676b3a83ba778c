# Virtual calls: a list of 1,000 shapes of three classes, each overriding area() and
# scale(); 2,000 passes over the list, every element called through the base class.
class Shape:
    def area(self): return 0
    def scale(self, k): return k

class Square(Shape):
    def __init__(self, s): self.side = s
    def area(self): return self.side * self.side
    def scale(self, k): return self.side * k

class Rect(Shape):
    def __init__(self, a, b): self.w = a; self.h = b
    def area(self): return self.w * self.h
    def scale(self, k): return (self.w + self.h) * k

class Tri(Shape):
    def __init__(self, x, y): self.b = x; self.h = y
    def area(self): return self.b * self.h // 2
    def scale(self, k): return self.b + self.h + k

def main():
    shapes = []
    for i in range(1000):
        m = i % 3
        if m == 0: shapes.append(Square(i % 17 + 1))
        elif m == 1: shapes.append(Rect(i % 13 + 1, i % 7 + 2))
        else: shapes.append(Tri(i % 11 + 2, i % 5 + 3))
    total = 0
    for p in range(2000):
        k = p % 4
        for s in shapes:
            total = total + s.area() + s.scale(k)
    print(total)

main()
