// Slice size against run time in the WebAssembly build (a measurement, not a test):
//   node wasm-tests/bench_slices.mjs [ROUNDS] [BENCH...]
// Each round runs every (benchmark, slice size) pair once in a shuffled order, each in a
// fresh instance (so V8's tier-up state starts equal), and the medians are printed.
// Why it matters: V8 replaces a running WebAssembly function by its optimised code only
// when it is next called, so a program run as one huge resume() stays in the baseline
// tier; many small slices pay a call per slice instead.
import { readFileSync } from 'node:fs';
import { createViper } from '../web/viper.mjs';

const rounds = Number(process.argv[2] ?? 5);
const names = process.argv.slice(3).length ? process.argv.slice(3) : ['fib', 'loop', 'sieve', 'strings'];
const slices = [Infinity, 1e8, 1e7, 1e6, 1e5, 1e4, 1e3];
const base = new URL('../benchmarks/', import.meta.url);
const { wasmModule } = await createViper();

async function once(name, slice) {
  const v = await createViper({ wasmModule });
  const c = v.compile({ [`${name}.bas`]: readFileSync(new URL(`${name}.bas`, base), 'utf8') }, 'basic', { wantTexts: false });
  const s = v.start(c);
  const t0 = performance.now();
  let r, n = 0, out = '';
  do { r = s.resume(slice); out += r.output; ++n; } while (r.status === 'running');
  const ms = performance.now() - t0;
  s.dispose();
  c.dispose();
  if (r.status !== 'done') throw new Error(`${name}: ${r.status} ${r.error ?? ''}`);
  return { ms, n, out };
}

const times = new Map();
for (let round = 0; round < rounds; ++round) {
  const pairs = names.flatMap((n) => slices.map((s) => [n, s]));
  for (let i = pairs.length - 1; i > 0; --i) { const j = Math.floor(Math.random() * (i + 1)); [pairs[i], pairs[j]] = [pairs[j], pairs[i]]; }
  for (const [n, s] of pairs) {
    const r = await once(n, s);
    const k = `${n}|${s}`;
    if (!times.has(k)) times.set(k, { ms: [], n: r.n, out: r.out });
    const t = times.get(k);
    if (t.out !== r.out) throw new Error(`${n}: output differs with slice ${s}`);
    t.ms.push(r.ms);
  }
}
const median = (a) => { const b = [...a].sort((x, y) => x - y); return b[b.length >> 1]; };
console.log(`median of ${rounds} rounds, ms (slices per run); ratio = time / one-slice time`);
console.log(['benchmark', ...slices.map((s) => (s === Infinity ? 'one slice' : `slice ${s.toExponential(0)}`))].join(' | '));
for (const n of names) {
  const one = median(times.get(`${n}|Infinity`).ms);
  console.log([n, ...slices.map((s) => {
    const t = times.get(`${n}|${s}`);
    const m = median(t.ms);
    return `${m.toFixed(0)} (${t.n}) ${(m / one).toFixed(2)}x`;
  })].join(' | '));
}
