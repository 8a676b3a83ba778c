"""The WebAssembly engine for scripts/bench.py: Node running the Emscripten build of the
toolchain (web/CMakeLists.txt), one fresh process per run, as a user of the Node CLI would.

scripts/bench.sh builds the module into its own build directory and copies web/*.mjs next
to its dist/ directory (web/viper.mjs imports ./dist/viper.js), so nothing in web/ is
written. The driver below lives in that copy. It does what web/cli.mjs's `run` does for a
program without input (compile, then resume(SLICE_BUDGET) slices until the run ends,
writing the output of each slice), and adds the timing the CLI does not report: on stderr,
one line

    bench-wasm: start=MS load=MS compile=MS run=MS runcpu=MS

start = Node's own start-up until the driver's first line runs (performance.now() counts
from the process's time origin), load = importing viper.mjs and compiling + instantiating
the WebAssembly module, compile = viper.compile (parse, verify, passes, bytecode), run =
the slices (runcpu: the CPU time of the whole Node process, every thread, during them,
from process.cpuUsage()). bench.py measures the whole process from outside as for every other engine.
"""
import os, re, shutil

DRIVER = r"""// Written by scripts/bench_wasm.py; see there.
import { readFileSync, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const tStart = performance.now();
const { createViper } = await import('./viper.mjs');
const { languageForPath } = await import('./languages.mjs');
const { SLICE_BUDGET } = await import('./slice.mjs');

function put(fd, data) {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  for (let off = 0; off < buf.length;) {
    try { off += writeSync(fd, buf, off, buf.length - off); } catch (e) { if (e.code !== 'EAGAIN') throw e; }
  }
}

const file = process.argv[2];
const engine = process.argv[3] || 'bc';
const viper = await createViper();
const tLoaded = performance.now();
const text = readFileSync(file);
const compiled = viper.compile({ [file]: new Uint8Array(text.buffer, text.byteOffset, text.length) },
  languageForPath(file), { wantTexts: false });
put(2, compiled.diagnosticsText);
if (!compiled.ok) process.exit(1);
const tCompiled = performance.now();
const cpuCompiled = process.cpuUsage();
const session = viper.start(compiled, { engine, args: [], env: {} });
let r;
for (;;) {
  r = session.resume(SLICE_BUDGET);
  if (r.outputBytes.length) put(1, r.outputBytes);
  if (r.status === 'running') continue;
  if (r.status === 'input') { session.closeInput(); continue; }
  break;
}
const tRan = performance.now();
const cpuRun = process.cpuUsage(cpuCompiled);
if (r.status === 'trap') put(2, r.trap.text + '\n');
else if (r.status === 'error') put(2, `${file}: error: ${r.error}\n`);
session.dispose();
compiled.dispose();
put(2, `bench-wasm: start=${tStart.toFixed(2)} load=${(tLoaded - tStart).toFixed(2)} ` +
  `compile=${(tCompiled - tLoaded).toFixed(2)} run=${(tRan - tCompiled).toFixed(2)} ` +
  `runcpu=${((cpuRun.user + cpuRun.system) / 1000).toFixed(2)}\n`);
process.exitCode = r.exitCode ?? 1;
"""

TIMING = re.compile(r"bench-wasm: start=([\d.]+) load=([\d.]+) compile=([\d.]+) run=([\d.]+) runcpu=([\d.]+)")


def prepare(web_dir):
    """Checks that web_dir holds dist/viper.{js,wasm} and the copied web/*.mjs, writes the
    driver there and returns its path, or returns a reason it cannot run (a string that
    does not end in .mjs)."""
    if not shutil.which("node"):
        return "node is not installed"
    for f in ("dist/viper.js", "dist/viper.wasm", "viper.mjs", "slice.mjs", "languages.mjs"):
        if not os.path.exists(os.path.join(web_dir, f)):
            return f"{os.path.join(web_dir, f)} is missing (scripts/bench.sh builds it)"
    path = os.path.join(web_dir, "bench_run.mjs")
    with open(path, "w") as f:
        f.write(DRIVER)
    return path


def parse_timing(stderr):
    """The driver's phases in seconds: dict(start, load, compile, run, runcpu), or None."""
    m = TIMING.search(stderr or "")
    if not m: return None
    return {k: float(v) / 1000.0 for k, v in zip(("start", "load", "compile", "run", "runcpu"), m.groups())}
