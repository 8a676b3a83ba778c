A = 3
B = 2.5
PRINT A + B; A * B; A - B; A / 2
PRINT A \ B
C% = 10
PRINT C% / 4
