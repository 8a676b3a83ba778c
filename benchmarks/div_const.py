# Python's // and % floor; for n = -i (i >= 0) the truncating forms are -(i // 7), -(i % 7).
def main():
    acc = 0
    for i in range(10000000):
        acc += i // 3 + i % 10 - (i // 7) - (i % 7) + i // 1000 + i % 16
    print(acc)
main()
