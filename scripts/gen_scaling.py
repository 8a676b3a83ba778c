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


# Optimizer shapes: one function of about n instructions each, built so every pass has
# work (constants to fold, identities, repeated expressions, invariants, dead values) and
# nothing folds away whole: the values start from the unknown parameters %a and %b.
# scripts/opt_scaling.py times each pass on them.

def _opt_body(i, x, a):
    # Seven instructions on value x (and parameter a): a repeated sum (gvn), an identity
    # (peephole), a constant (sccp), a dead value (dce), checked arithmetic that stays.
    return [
        f"  %s{i} = add {x}, {a}",
        f"  %t{i} = add {x}, {a}",
        f"  %u{i} = mul %t{i}, 1",
        f"  %k{i} = add {i % 97}, 3",
        f"  %d{i} = xor %s{i}, %k{i}",
        f"  %w{i} = iadd.ovf %u{i}, %d{i}",
        f"  %z{i} = and %w{i}, 1048575",
    ], f"%z{i}"


def opt_block(n):
    # One long block of straight-line arithmetic.
    out = ["il 0.3.0", "func @f(i64 %a, i64 %b) -> i64 {", "entry(%a:i64, %b:i64):"]
    x = "%b"
    for i in range(max(1, n // 7)):
        body, x = _opt_body(i, x, "%a")
        out += body
    out += [f"  ret {x}", "}"]
    return "\n".join(out) + "\n"


def opt_chain(n):
    # Many small blocks in a chain: each passes its value on as a block argument, every
    # third one a diamond (cbr to two arms that join with a parameter).
    out = ["il 0.3.0", "func @f(i64 %a, i64 %b) -> i64 {", "entry(%a:i64, %b:i64):", "  br c0(%b)"]
    count = max(1, n // 10)
    for i in range(count):
        nxt = f"c{i + 1}"
        out.append(f"c{i}(%x{i}:i64):")
        body, z = _opt_body(i, f"%x{i}", "%a")
        out += body
        if i % 3 == 0:
            out += [f"  %q{i} = scmp_lt %z{i}, 500", f"  cbr %q{i}, l{i}, r{i}",
                    f"l{i}:", f"  %lv{i} = iadd.ovf %z{i}, 1", f"  br j{i}(%lv{i})",
                    f"r{i}:", f"  br j{i}(%z{i})",
                    f"j{i}(%jv{i}:i64):", f"  br {nxt}(%jv{i})"]
        else:
            out.append(f"  br {nxt}({z})")
    out += [f"c{count}(%end:i64):", "  ret %end", "}"]
    return "\n".join(out) + "\n"


def opt_ifnest(n):
    # A deep if-nest: each level tests a value and either goes one level deeper or leaves
    # to its own exit; the exits join in reverse order, each adding its value (a dominator
    # tree as deep as the nest, join blocks with parameters all the way down).
    out = ["il 0.3.0", "func @f(i64 %a, i64 %b) -> i64 {", "entry(%a:i64, %b:i64):", "  br n0(%b)"]
    depth = max(1, n // 12)
    for i in range(depth):
        out.append(f"n{i}(%x{i}:i64):")
        body, z = _opt_body(i, f"%x{i}", "%a")
        out += body
        out += [f"  %q{i} = scmp_lt %z{i}, {1000 + i}", f"  cbr %q{i}, n{i + 1}({z}), e{i}({z})"]
    out += [f"n{depth}(%x{depth}:i64):", f"  br m{depth}(%x{depth})"]
    for i in range(depth - 1, -1, -1):
        out += [f"e{i}(%ev{i}:i64):", f"  br m{i + 1}(%ev{i})"]
    for i in range(depth, 0, -1):
        out += [f"m{i}(%mv{i}:i64):", f"  %mr{i} = iadd.ovf %mv{i}, {i % 7}", f"  br m{i - 1}(%mr{i})" if i > 1 else "  br m0(%mr1)"]
    out += ["m0(%res:i64):", "  ret %res", "}"]
    return "\n".join(out) + "\n"


def opt_params(n):
    # A loop whose header carries about n block parameters, rotated each iteration, plus an
    # invariant computed in the body (licm) and a parameter passed unchanged (peephole).
    k = max(2, n - 5)
    out = ["il 0.3.0", "func @f(i64 %a, i64 %b) -> i64 {", "entry(%a:i64, %b:i64):"]
    out.append("  br loop(0, %b, " + ", ".join(f"{i % 1000}" for i in range(k)) + ")")
    out.append("loop(%i:i64, %same:i64, " + ", ".join(f"%p{i}:i64" for i in range(k)) + "):")
    out += ["  %inv = mul %a, 3", "  %j = iadd.ovf %i, 1", "  %c = scmp_lt %j, %inv"]
    for i in range(k):
        out.append(f"  %r{i} = add %p{i}, %inv")
    out.append("  cbr %c, loop(%j, %same, " + ", ".join(f"%r{(i + 1) % k}" for i in range(k)) + "), done")
    out += ["done:", "  ret %p0", "}"]
    return "\n".join(out) + "\n"


def opt_loops(n):
    # Many loops one after another, every fourth with a nested inner loop; each body holds
    # invariant arithmetic (licm) and a checked counter (stays).
    out = ["il 0.3.0", "func @f(i64 %a, i64 %b) -> i64 {", "entry(%a:i64, %b:i64):", "  br h0(0, %b)"]
    count = max(1, n // 10)
    for i in range(count):
        nxt = f"h{i + 1}(0, %acc{i})"
        out += [f"h{i}(%i{i}:i64, %acc{i}:i64):", f"  %c{i} = scmp_lt %i{i}, 10", f"  cbr %c{i}, b{i}, x{i}",
                f"b{i}:", f"  %inv{i} = mul %a, {i % 13 + 2}", f"  %g{i} = add %inv{i}, %b",
                f"  %s{i} = iadd.ovf %acc{i}, %g{i}", f"  %n{i} = iadd.ovf %i{i}, 1"]
        if i % 4 == 0:
            out += [f"  br ih{i}(0)", f"ih{i}(%k{i}:i64):", f"  %ic{i} = scmp_lt %k{i}, 3", f"  cbr %ic{i}, ib{i}, ix{i}",
                    f"ib{i}:", f"  %iv{i} = xor %a, {i}", f"  %kn{i} = iadd.ovf %k{i}, 1", f"  br ih{i}(%kn{i})",
                    f"ix{i}:", f"  br h{i}(%n{i}, %s{i})"]
        else:
            out.append(f"  br h{i}(%n{i}, %s{i})")
        out += [f"x{i}:", f"  br {nxt}"]
    out += [f"h{count}(%ie:i64, %res:i64):", "  ret %res", "}"]
    return "\n".join(out) + "\n"


def opt_mixed(n):
    # passes_random_test.cpp's bigFunction (OptScaling), about n instructions: diamonds
    # joined by block parameters, identities, constants, redundant expressions and a
    # small loop with an invariant every 50 units.
    units = max(1, n // 13)
    out = ["il 0.3.0", "extern @Viper.Terminal.SayInt(i64) -> void", "func @main() -> i64 {", "entry:", "  br b0(1)"]
    for k in range(units):
        out += [f"b{k}(%x{k}:i64):", f"  %a{k} = iadd.ovf %x{k}, 3", f"  %b{k} = imul.ovf %a{k}, 1",
                f"  %c{k} = iadd.ovf 2, 5", f"  %d{k} = iadd.ovf %b{k}, %c{k}", f"  %e{k} = scmp_lt %d{k}, 1000",
                f"  cbr %e{k}, l{k}, r{k}", f"l{k}:", f"  %f{k} = iadd.ovf %d{k}, %a{k}", f"  br j{k}(%f{k})",
                f"r{k}:", f"  %g{k} = srem.chk0 %d{k}, 997", f"  br j{k}(%g{k})",
                f"j{k}(%y{k}:i64):", f"  %h{k} = iadd.ovf %x{k}, 3", f"  %m{k} = srem.chk0 %y{k}, 1000"]
        if k % 50 == 0:
            out += [f"  br lh{k}(0, %m{k})", f"lh{k}(%i{k}:i64, %s{k}:i64):", f"  %ld{k} = scmp_ge %i{k}, 3",
                    f"  cbr %ld{k}, lx{k}(%s{k}), lb{k}", f"lb{k}:", f"  %inv{k} = mul %h{k}, 2",
                    f"  %ls{k} = add %s{k}, %inv{k}", f"  %lr{k} = srem.chk0 %ls{k}, 1000", f"  %li{k} = iadd.ovf %i{k}, 1",
                    f"  br lh{k}(%li{k}, %lr{k})", f"lx{k}(%q{k}:i64):", f"  br b{k + 1}(%q{k})"]
        else:
            out.append(f"  br b{k + 1}(%m{k})")
    out += [f"b{units}(%x{units}:i64):", f"  call @Viper.Terminal.SayInt(%x{units})", "  ret 0", "}"]
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
    "opt_block": ("il", opt_block),
    "opt_chain": ("il", opt_chain),
    "opt_ifnest": ("il", opt_ifnest),
    "opt_params": ("il", opt_params),
    "opt_loops": ("il", opt_loops),
    "opt_mixed": ("il", opt_mixed),
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
