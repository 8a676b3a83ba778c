a = b = c = 0
for i in range(4000):
    for j in range(4000):
        if (i + j) % 3 == 0:
            a += 1
        elif (i ^ j) & 1:
            b += 2
        else:
            c -= 1
print(a * 1000003 + b * 1009 + c)
