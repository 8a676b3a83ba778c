def main():
    acc = v = 0
    for i in range(10000000):
        r = i % 100
        mx = r if r > 50 else 50
        t = 7 if i % 3 == 0 else 2
        if i % 2 == 0:
            v = v + r
        else:
            v = v - 1
        if v > 1000:
            v = v - 1000
        else:
            v = v + t
        acc = acc + mx + t + v
    print(acc)
main()
