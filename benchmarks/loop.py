s = 0
for i in range(100000000):
    s += i
print(s)
