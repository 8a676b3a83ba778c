' expect-error: 2:7: wrong number of arguments to LEFT$: expected 2, got 1
PRINT LEFT$("abc")
