def build(n):
    s = ""
    for i in range(n):
        s = s + "ab"
        if i % 3 == 0:
            s = s + "cde"
        else:
            s = s + "f"
    return len(s)
print(sum(build(5000) for _ in range(120)))
