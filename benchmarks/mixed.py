import math
def next_(n):
    if n % 2 == 0:
        return n // 2
    return n * 3 + 1
def chain(memo, n, limit):
    m, steps = n, 0
    while m != 1:
        if m < limit:
            known = memo[m]
            if known != 0:
                return known + steps
        m = next_(m)
        steps += 1
    return steps
def main():
    memo = [0] * 1000000
    best = bestn = 0
    mean = 0.0
    for n in range(1, 1000000):
        ln = chain(memo, n, 1000000)
        memo[n] = ln
        mean += (ln - mean) / n
        if ln > best:
            best, bestn = ln, n
    print(bestn * 1000 + best + math.trunc(mean * 1000.0))
main()
