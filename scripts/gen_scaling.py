#!/usr/bin/env python3
"""Generates compile-time scaling inputs for Viper: one program per case at size N.

    scripts/gen_scaling.py CASE N > prog.(bas|il)
    scripts/gen_scaling.py --list

Time `viper check` (and `viper bc` for the bytecode compiler) at N and 2N: a linear
stage doubles its time. native-tests/unit/scaling_test.cpp builds the same shapes in
memory for CI.
"""
import sys


def basic_vars(n):
    # n distinct variables, each assigned, updated and read: n frame slots in one function.
    out = []
    for i in range(n):
        out.append(f"V{i} = {i}")
    for i in range(n):
        out.append(f"IF V{i} > 3 THEN V{i} = V{i} - 1")
    out.append("PRINT " + " + ".join(f"V{i}" for i in range(min(n, 50))))
    return "\n".join(out) + "\n"


def basic_select(n):
    out = ["X = 7", "SELECT CASE X"]
    for i in range(n):
        out.append(f"CASE {i}")
        out.append(f"  PRINT {i}")
    out += ["CASE ELSE", "  PRINT -1", "END SELECT"]
    return "\n".join(out) + "\n"


def basic_mix(n):
    # A realistic mix of statements, about n lines: procedures, loops, IFs, strings, arrays.
    out = []
    body = []
    k = 0
    while len(body) < n:
        j = k
        body += [
            f"SUB P{j}(A, B$)",
            f"  DIM T{j}(10)",
            f"  FOR I = 0 TO 10",
            f"    T{j}(I) = I * A + {j}",
            f"  NEXT I",
            f"  IF T{j}(3) > 5 THEN",
            f"    PRINT B$; T{j}(3)",
            f"  ELSE",
            f"    PRINT \"small\"",
            f"  END IF",
            f"END SUB",
            f"FUNCTION F{j}(X)",
            f"  S = 0",
            f"  WHILE X > 0",
            f"    S = S + X MOD 7",
            f"    X = X - 1",
            f"  WEND",
            f"  F{j} = S",
            f"END FUNCTION",
        ]
        out += [
            f"N{j} = F{j}({j % 13})",
            f"M$ = \"item\" + STR$(N{j})",
            f"IF N{j} > 10 THEN P{j}(N{j}, M$) ELSE PRINT M$",
            f"FOR K = 1 TO 3",
            f"  IF K MOD 2 = 0 THEN T = T + K ELSE T = T - 1",
            f"  W{j % 500} = W{j % 500} + T * 2",
            f"NEXT K",
            f"DO WHILE T > 100",
            f"  T = T \\ 2",
            f"LOOP",
            f"SELECT CASE T MOD 4",
            f"CASE 0",
            f"  PRINT \"zero\"; W{j % 500}",
            f"CASE 1, 2",
            f"  PRINT LEFT$(M$, 3)",
            f"CASE ELSE",
            f"  T = T + LEN(M$)",
            f"END SELECT",
        ]
        k += 1
    return "\n".join(out + body) + "\n"


def il_blocks(n):
    out = ["il 0.3.0", "func @main() -> i64 {", "entry:", "  %v0 = iadd.ovf 0, 1", "  br b1(%v0)"]
    for i in range(1, n + 1):
        out.append(f"b{i}(%x{i}:i64):")
        out.append(f"  %v{i} = iadd.ovf %x{i}, 1")
        out.append(f"  br b{i + 1}(%v{i})" if i < n else f"  ret %v{i}")
    out.append("}")
    return "\n".join(out) + "\n"


def il_strglobals(n):
    out = ["il 0.3.0", "extern @Viper.Terminal.PrintStr(str) -> void"]
    for i in range(n):
        out.append(f'global const str @.s{i} = "string {i}"')
    out += ["func @main() -> i64 {", "entry:"]
    for i in range(n):
        out.append(f"  %s{i} = const_str @.s{i}")
    out.append(f"  call @Viper.Terminal.PrintStr(%s0)")
    out += ["  ret 0", "}"]
    return "\n".join(out) + "\n"


def il_live(n):
    # n values defined, then consumed in reverse: all n are live at once (bytecode slots).
    out = ["il 0.3.0", "func @main() -> i64 {", "entry:"]
    for i in range(n):
        out.append(f"  %v{i} = iadd.ovf {i % 1000}, 1")
    out.append(f"  %a{n} = iadd.ovf 0, 0")
    for i in range(n - 1, -1, -1):
        out.append(f"  %a{i} = iadd.ovf %a{i + 1}, %v{i}")
    out += ["  ret %a0", "}"]
    return "\n".join(out) + "\n"


def il_blockparams(n):
    # One block with n parameters, entered twice (a loop), so none is trivial.
    out = ["il 0.3.0", "func @main() -> i64 {", "entry:"]
    args0 = ", ".join(f"{i % 1000}" for i in range(n))
    out.append(f"  br loop(0, {args0})")
    params = ", ".join(f"%p{i}:i64" for i in range(n))
    out.append(f"loop(%i:i64, {params}):")
    out.append("  %j = iadd.ovf %i, 1")
    out.append("  %c = scmp_lt %j, 2")
    args1 = ", ".join(f"%p{(i + 1) % n}" for i in range(n))
    out.append(f"  cbr %c, loop(%j, {args1}), done")
    out += ["done:", "  ret %p0", "}"]
    return "\n".join(out) + "\n"


def il_consts(n):
    # n distinct i64 constants and no .loc: over the bytecode's 16-bit constant index.
    out = ["il 0.3.0", "func @main() -> i64 {", "entry:", "  %a0 = iadd.ovf 0, 0"]
    for i in range(n):
        out.append(f"  %a{i + 1} = xor %a{i}, {1000003 + i}")
    out += [f"  %r = and %a{n}, 255", "  ret %r", "}"]
    return "\n".join(out) + "\n"


CASES = {
    "basic_vars": ("bas", basic_vars),
    "basic_select": ("bas", basic_select),
    "basic_mix": ("bas", basic_mix),
    "il_blocks": ("il", il_blocks),
    "il_strglobals": ("il", il_strglobals),
    "il_live": ("il", il_live),
    "il_blockparams": ("il", il_blockparams),
    "il_consts": ("il", il_consts),
}


def main(argv):
    if len(argv) == 2 and argv[1] == "--list":
        for name, (ext, _) in CASES.items():
            print(name, ext)
        return 0
    if len(argv) != 3 or argv[1] not in CASES:
        sys.stderr.write(__doc__)
        return 2
    sys.stdout.write(CASES[argv[1]][1](int(argv[2])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
