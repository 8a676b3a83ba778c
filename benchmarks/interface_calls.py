# Interface calls: 999 scorers of three unrelated classes with one method; 2,000 passes,
# each element called by duck typing.
class Linear:
    def __init__(self, k): self.a = k
    def score(self, x): return self.a * x + 1

class Clamp:
    def __init__(self, k): self.hi = k
    def score(self, x):
        if x > self.hi: return self.hi
        return x

class Mod:
    def __init__(self, k): self.m = k
    def score(self, x): return x % self.m

def main():
    items = []
    for i in range(999):
        r = i % 3
        if r == 0: items.append(Linear(i % 5 + 1))
        elif r == 1: items.append(Clamp(i % 50))
        else: items.append(Mod(i % 9 + 2))
    total = 0
    for p in range(2000):
        x = p % 64
        for s in items:
            total += s.score(x)
    print(total)

main()
