def inside(cr, ci):
    zr = zi = 0.0
    for _ in range(200):
        zr2, zi2 = zr * zr, zi * zi
        if zr2 + zi2 > 4.0:
            return 0
        zr, zi = zr2 - zi2 + cr, zr * zi * 2.0 + ci
    return 1
print(sum(inside(x / 160.0 - 2.0, y / 160.0 - 1.0) for y in range(320) for x in range(480)))
