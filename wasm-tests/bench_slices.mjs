// Slice size against run time in the WebAssembly build (a measurement, not a test):
//   node wasm-tests/bench_slices.mjs [ROUNDS] [BENCH...]
// Every (benchmark, slice size) pair runs in a fresh Node process (V8 shares compiled and
// tiered-up code between instances of one module, so within one process only the first run
// would show the effect), in a shuffled order per round; the medians are printed.
// Figures: the main thread's CPU time (Linux /proc; background compile threads and other
// processes on a shared machine do not count) and wall time.
// Why it matters: V8 replaces a running WebAssembly function by its optimised code only
// when it is next called, so a program run as one huge resume() stays in the baseline
// tier; many small slices pay one call per slice instead.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') {
  const { createViper } = await import('../web/viper.mjs');
  const [name, sliceText] = process.argv.slice(3);
  const slice = Number(sliceText);
  const mainCpuMs = () => {
    const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;  // utime + stime, in 10 ms ticks
  };
  const v = await createViper();
  const src = readFileSync(new URL(`../benchmarks/${name}.bas`, import.meta.url), 'utf8');
  const c = v.compile({ [`${name}.bas`]: src }, 'basic', { wantTexts: false });
  const s = v.start(c);
  const cpu0 = mainCpuMs(), t0 = performance.now();
  let r, n = 0, out = '';
  do { r = s.resume(slice); out += r.output; ++n; } while (r.status === 'running');
  const result = { cpu: mainCpuMs() - cpu0, wall: performance.now() - t0, slices: n, out, status: r.status };
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
}

const rounds = Number(process.argv[2] ?? 3);
const names = process.argv.slice(3).length ? process.argv.slice(3) : ['fib', 'loop', 'sieve', 'strings'];
const slices = [Infinity, 1e8, 1e7, 1e6, 1e5, 1e4, 1e3];
const runs = new Map();
for (let round = 0; round < rounds; ++round) {
  const pairs = names.flatMap((n) => slices.map((s) => [n, s]));
  for (let i = pairs.length - 1; i > 0; --i) { const j = Math.floor(Math.random() * (i + 1)); [pairs[i], pairs[j]] = [pairs[j], pairs[i]]; }
  for (const [n, s] of pairs) {
    const p = spawnSync(process.execPath, [self, '--child', n, String(s)], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (p.status !== 0) throw new Error(`${n} slice ${s}: ${p.stderr}`);
    const r = JSON.parse(p.stdout);
    if (r.status !== 'done') throw new Error(`${n} slice ${s}: ${r.status}`);
    const k = `${n}|${s}`;
    if (!runs.has(k)) runs.set(k, []);
    const prev = runs.get(k)[0];
    if (prev && prev.out !== r.out) throw new Error(`${n}: output differs between runs`);
    runs.get(k).push(r);
  }
}
const median = (a) => { const b = [...a].sort((x, y) => x - y); return b[b.length >> 1]; };
console.log(`median of ${rounds} rounds; main-thread CPU ms / wall ms (slices); ratio = CPU / one-slice CPU`);
console.log(['benchmark', ...slices.map((s) => (s === Infinity ? 'one slice' : `slice ${s.toExponential(0)}`))].join(' | '));
for (const n of names) {
  const one = median(runs.get(`${n}|Infinity`).map((r) => r.cpu));
  console.log([n, ...slices.map((s) => {
    const rs = runs.get(`${n}|${s}`);
    const cpu = median(rs.map((r) => r.cpu));
    return `${cpu.toFixed(0)} / ${median(rs.map((r) => r.wall)).toFixed(0)} (${rs[0].slices}) ${(cpu / one).toFixed(2)}x`;
  })].join(' | '));
}
