def work(a, b, n):
    acc = 0
    for i in range(n):
        p = (i + a) * (i + b)
        q = (i + a) * (i + b) + 1
        acc = acc + (p + q + (a + b) * (a - b) + i * (a * b + 7)) % 1000
    return acc
print(work(3, 5, 15000000))
