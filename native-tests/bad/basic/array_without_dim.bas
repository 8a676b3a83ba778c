' expect-error: 2:1: A is not an array (declare it with DIM A(size))
A(1) = 5
