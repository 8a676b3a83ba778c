PRINT (-8) ^ 0.5
