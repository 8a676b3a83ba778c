#!/usr/bin/env python3
"""Optimizer scaling check: times every -O1 pass on generated single-function inputs
(scripts/gen_scaling.py's opt_* shapes) at several sizes and prints a Markdown table.
A program to run and read, never a test: timings on a shared machine are noisy, so
nothing here asserts a time.

    scripts/opt_scaling.py [--timer build/vm/viper_pass_timer] [--sizes 5000,50000,100000]
                           [--cases opt_block,opt_chain] [--timeout 300] [--baseline OLD_TIMER]
                           [--repeat N]

With --baseline (a viper_pass_timer built from an older tree, copied aside), each input
runs on both, one right after the other, so the two rows of a pair saw the same machine
load; the "build" column says which is which.

Each cell is the seconds that pass took, summed over its runs in the pipeline (-O1 runs
most passes three or four times). The last column, "x/lin", is the total optimizer time
at this size divided by what a linear optimizer would take given the smallest size's
time: near 1 is linear, 10 at 20x the input means quadratic trouble.
"""
import argparse, os, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_scaling  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PASSES = ["sccp", "dce", "simplifycfg", "peephole", "gvn", "licm", "inline"]


def measure(timer, case, n, timeout):
    ext, gen = gen_scaling.CASES[case]
    with tempfile.NamedTemporaryFile("w", suffix="." + ext, delete=False) as f:
        f.write(gen(n))
        path = f.name
    try:
        p = subprocess.run([timer, path], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    finally:
        os.unlink(path)
    if p.returncode != 0:
        sys.stderr.write(f"{case} {n}: {p.stderr.strip()}\n")
        return None
    row = {}
    for line in p.stdout.splitlines():
        parts = line.split("\t")
        if parts[0] == "instructions":
            row["instructions"] = int(parts[1])
        else:
            row[parts[0]] = float(parts[2])
    return row


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--timer", default=os.path.join(ROOT, "build", "vm", "viper_pass_timer"))
    ap.add_argument("--sizes", default="5000,50000,100000")
    ap.add_argument("--cases", default=",".join(c for c in gen_scaling.CASES if c.startswith("opt_")))
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--baseline", help="an older viper_pass_timer to compare with")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run each input N times and keep each column's minimum (other load on the machine only adds time)")
    a = ap.parse_args()
    if not os.path.exists(a.timer):
        sys.exit(f"no {a.timer}: build the viper_pass_timer target first")
    sizes = [int(s) for s in a.sizes.split(",")]
    timers = [("new", a.timer)] + ([("old", a.baseline)] if a.baseline else [])
    cols = ["parse", "verify"] + PASSES + ["optimizer"]
    print("| case | build | instrs | " + " | ".join(cols) + " | x/lin |")
    print("|---" * (len(cols) + 4) + "|")
    for case in a.cases.split(","):
        base = {}
        for n in sizes:
            for label, timer in timers:
                r = None
                for _ in range(max(1, a.repeat)):
                    x = measure(timer, case, n, a.timeout)
                    if x is None:
                        break
                    r = x if r is None else {k: min(v, x[k]) for k, v in r.items()}
                if r is None:
                    print(f"| {case} | {label} | {n} | " + " | ".join("-" for _ in cols) + f" | > {a.timeout:.0f} s or error |")
                    continue
                per = r["optimizer"] / max(r["instructions"], 1)
                base.setdefault(label, per)
                cells = [f"{r.get(c, 0):.3f}" for c in cols]
                print(f"| {case} | {label} | {r['instructions']} | " + " | ".join(cells) + f" | {per / base[label]:.1f} |")
                sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
