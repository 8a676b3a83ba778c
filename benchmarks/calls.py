def sq(x): return x * x
def mix(a, b): return (a + b) % 1000003
def inc(x): return x + 1
def main():
    acc, i = 0, 0
    while True:
        q = sq(i % 1000)
        acc = mix(acc, q)
        i = inc(i)
        if i >= 10000000: break
    print(acc)
main()
