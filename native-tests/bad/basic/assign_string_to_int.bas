' expect-error: 3:1: type mismatch: cannot assign STRING to INTEGER
DIM N AS INTEGER
N = "text"
