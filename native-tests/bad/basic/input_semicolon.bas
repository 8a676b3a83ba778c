' expect-error: 2:10: use ',' after the INPUT prompt, not ';'
INPUT "x"; A
