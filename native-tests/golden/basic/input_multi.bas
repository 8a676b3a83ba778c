INPUT "Values: ", A, B, C$
PRINT A + B; C$
