def main():
    s = 0
    for i in range(30000000):
        t = i * 7 + 3
        u = t - i * 2
        w = u * 3 - t
        s = s + (w - u)
    print(s)
main()
