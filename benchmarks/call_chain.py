def leaf(x): return x + 1
def c4(x): return leaf(x) + 1
def c3(x): return c4(x) * 2
def c2(x): return c3(x) - x
def c1(x): return c2(x) + 3
def main():
    acc = 0
    for i in range(5000000):
        acc = (acc + c1(i % 1000)) % 1000003
    print(acc)
main()
