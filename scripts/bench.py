#!/usr/bin/env python3
"""Benchmark harness: runs every benchmark on every available engine, interleaved, and
prints a Markdown table of medians and ratios. A program to run and read, never a test.

Engines: the Viper engines (viper run --engine=...), python3, lua5.4 and luajit -joff.
Each round runs every (benchmark, engine) pair once in a shuffled order, so machine noise
hits all engines alike; the median of the rounds is reported. Every engine must print the
same checksum, or the row is flagged.
"""
import argparse, os, random, shutil, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "benchmarks")


def engines(viper, viper_engines):
    out = [(f"viper-{e}", [viper, "run", f"--engine={e}"], ".il") for e in viper_engines]
    # The same algorithms written in BASIC, compiled by the BASIC front end, on the VM.
    out.append(("viper-bc-basic", [viper, "run", "--engine=bc"], ".bas"))
    if shutil.which("python3"): out.append(("python3", ["python3"], ".py"))
    if shutil.which("lua5.4"): out.append(("lua5.4", ["lua5.4"], ".lua"))
    if shutil.which("luajit"): out.append(("luajit-joff", ["luajit", "-joff"], ".lua"))
    return out


def run_once(cmd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    return time.perf_counter() - t0, p.stdout.strip(), p.returncode


def callgrind(viper, engine, prog):
    if not shutil.which("valgrind"): return None
    p = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", viper, "run",
                        f"--engine={engine}", prog], capture_output=True, text=True)
    for line in p.stderr.splitlines():
        if "Collected" in line: return int(line.split()[-1])
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--viper", default=os.path.join(ROOT, "build", "vm", "viper"))
    ap.add_argument("--engines", default="bc,il", help="comma-separated viper engines (the first is the baseline)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--only", default="", help="comma-separated benchmark names")
    ap.add_argument("--no-callgrind", action="store_true", help="skip the valgrind instruction counts of the first engine")
    a = ap.parse_args()
    names = sorted(f[:-3] for f in os.listdir(BENCH) if f.endswith(".il"))
    if a.only: names = [n for n in names if n in a.only.split(",")]
    engs = engines(a.viper, a.engines.split(","))
    jobs = [(n, e) for n in names for e in engs if os.path.exists(os.path.join(BENCH, n + e[2]))]
    times, sums = {}, {}
    for r in range(a.rounds):
        random.shuffle(jobs)
        for n, (ename, cmd, ext) in jobs:
            dt, out, rc = run_once(cmd + [os.path.join(BENCH, n + ext)])
            times.setdefault((n, ename), []).append(dt)
            sums.setdefault(n, {})[ename] = out if rc == 0 else f"exit {rc}"
        print(f"round {r + 1}/{a.rounds} done", file=sys.stderr)
    base = engs[0][0]
    print(f"\n| benchmark | " + " | ".join(e[0] for e in engs) + " | checksum |")
    print("|---|" + "---|" * len(engs) + "---|")
    ratios = {e[0]: [] for e in engs}
    for n in names:
        cells = []
        for ename, _, _ in engs:
            t = times.get((n, ename))
            if not t: cells.append("-"); continue
            med = statistics.median(t)
            bt = statistics.median(times[(n, base)])
            ratios[ename].append(med / bt)
            cells.append(f"{med:.3f}s" + ("" if ename == base else f" ({med / bt:.2f}x)"))
        agree = len(set(sums[n].values())) == 1
        print(f"| {n} | " + " | ".join(cells) + f" | {list(sums[n].values())[0]}{'' if agree else ' MISMATCH ' + str(sums[n])} |")
    geo = lambda xs: statistics.geometric_mean(xs) if xs else float("nan")
    print(f"| geomean time vs {base} | " + " | ".join(f"{geo(ratios[e[0]]):.2f}x" for e in engs) + " | |")
    print(f"\nmedian of {a.rounds} interleaved rounds; ratio = engine time / {base} time (above 1 = slower than {base}).")
    # The targets, checked on this run's medians.
    def ratio_to(other):
        return [statistics.median(times[(n, base)]) / statistics.median(times[(n, other)])
                for n in names if (n, other) in times and (n, base) in times]
    print()
    for other, want, how in (("lua5.4", 0.5, "geomean"), ("luajit-joff", 1.0, "geomean"), ("python3", 0.2, "every")):
        rs = ratio_to(other)
        if not rs: continue
        got = geo(rs) if how == "geomean" else max(rs)
        verdict = "met" if got <= want else "NOT met"
        print(f"- {base} / {other}: {how} time ratio {got:.2f} (target <= {want}): {verdict}")
    if not a.no_callgrind and shutil.which("valgrind"):
        e = a.engines.split(",")[0]
        print(f"\n| benchmark | viper-{e} instructions (callgrind, whole process) |")
        print("|---|---|")
        for n in names:
            c = callgrind(a.viper, e, os.path.join(BENCH, n + ".il"))
            print(f"| {n} | {c:,} |" if c else f"| {n} | - |")


if __name__ == "__main__":
    main()
