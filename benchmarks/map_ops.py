# Maps: 20 rounds over one dict of up to ~60,000 int keys: 5,000 inserts, 10,000 lookups
# (hits and misses), 2,500 deletions.
def main():
    m = {}
    total = 0
    for rnd in range(20):
        for i in range(5000):
            m[i * 7 + rnd] = i
        for i in range(10000):
            total += m.get(i * 3, -1)
            if (i + rnd) in m:
                total += 1
        for i in range(5000):
            if i % 2 == 0:
                del m[i * 7 + rnd]
        total += len(m)
    print(total)

main()
