def sieve(n):
    flags = [0] * n
    count = 0
    for i in range(2, n):
        if flags[i] == 0:
            count += 1
            for j in range(i * i, n, i):
                flags[j] = 1
    return count
print(sum(sieve(1000000) for _ in range(20)))
