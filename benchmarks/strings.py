def build():
    parts = []
    for i in range(300000):
        parts.append(str(i))
        parts.append(",")
    return len("".join(parts))
print(sum(build() for _ in range(10)))
