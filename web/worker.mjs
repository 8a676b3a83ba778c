// A Web Worker (or a Node worker_threads worker) that owns one Viper module and speaks the
// message protocol of PROTOCOL.md. Runs go in time-bounded slices with a yield to the
// event loop between them, so a `stop` (or `input`) is seen within one slice.
import { createViper } from './viper.mjs';
import { WORKER_FIRST_BUDGET, TARGET_SLICE_MS } from './slice.mjs';

// --- the host: a browser worker's `self`, or worker_threads' parentPort -------------------
// The handler is installed before anything is awaited: a browser drops messages that
// arrive before a module worker's onmessage is set.
let post;
const inbox = [];
let deliver = (msg) => inbox.push(msg);
if (typeof WorkerGlobalScope !== 'undefined' && typeof self !== 'undefined') {
  post = (msg) => self.postMessage(msg);
  self.onmessage = (e) => deliver(e.data);
} else {
  const { parentPort } = await import(/* @vite-ignore */ ['node', 'worker_threads'].join(':'));
  post = (msg) => parentPort.postMessage(msg);
  parentPort.on('message', (msg) => deliver(msg));
}

// A macrotask yield that is not clamped like nested setTimeout(0) (4 ms in browsers).
const channel = typeof setImmediate === 'function' ? null : new MessageChannel();
const pendingYields = [];
if (channel) channel.port1.onmessage = () => pendingYields.shift()?.();
const yieldToEventLoop = () => new Promise((resolve) => {
  if (!channel) setImmediate(resolve);
  else { pendingYields.push(resolve); channel.port2.postMessage(0); }
});

// --- the module ---------------------------------------------------------------------------
// Made on the first message: an `init` carrying a compiled WebAssembly.Module skips
// loading and compiling it again.
let viperPromise = null;
function viperFor(msg) {
  if (!viperPromise) {
    viperPromise = createViper(msg.type === 'init' && msg.wasmModule ? { wasmModule: msg.wasmModule } : {});
    viperPromise.then((v) => post({ type: 'ready', version: v.version }),
      (e) => post({ type: 'error', message: `viper: the module did not load: ${e?.message ?? e}` }));
  }
  return viperPromise;
}

// What a compile reply carries: everything the playground shows, as plain data.
function compiledMessage(id, c) {
  return { type: 'compiled', id, ok: c.ok, diagnostics: c.diagnostics, diagnosticsText: c.diagnosticsText, il: c.il,
    bytecode: c.bytecode, ilMap: c.ilMap, bytecodeMap: c.bytecodeMap, stats: c.stats };
}

// --- runs -------------------------------------------------------------------------------
let current = null;  // { id, session, stop, wake, inputWanted }
const stoppedEarly = new Set();  // runs stopped while still queued
const queuedRuns = new Set();    // runs received but not started

async function run(viper, msg) {
  const { id } = msg;
  if (stoppedEarly.delete(id)) { post({ type: 'done', id, status: 'stopped', exitCode: 130, steps: 0 }); return; }
  const compiled = viper.compile(msg.sources, msg.language, { mainFile: msg.mainFile, wantTexts: msg.wantTexts ?? false, optLevel: msg.optLevel });
  post(compiledMessage(id, compiled));
  if (!compiled.ok) {
    compiled.dispose();
    post({ type: 'done', id, status: 'compileError', exitCode: 1, steps: 0 });
    return;
  }
  let session;
  try {
    session = viper.start(compiled, { engine: msg.engine, args: msg.args, env: msg.env, stdin: msg.stdin,
      stdinClosed: msg.stdinClosed, maxSteps: msg.maxSteps, maxMemory: msg.maxMemory });
  } catch (e) {
    post({ type: 'done', id, status: 'error', exitCode: 1, error: e.message, steps: 0 });
    return;
  } finally {
    compiled.dispose();  // the session holds the program as long as it needs it
  }
  const me = { id, session, stop: false, wake: null, inputWanted: false };
  current = me;
  const maxOutput = msg.maxOutput ?? 16 << 20;
  const started = performance.now();
  let budget = WORKER_FIRST_BUDGET;
  let steps = 0, outLen = 0, chunk = '', lastFlush = started;
  const flush = () => { if (chunk) { post({ type: 'output', id, text: chunk }); chunk = ''; } lastFlush = performance.now(); };
  let r;
  try {
    for (;;) {
      if (me.stop) { r = { status: 'stopped', exitCode: 130 }; break; }
      const t0 = performance.now();
      r = session.resume(budget);
      const dt = performance.now() - t0;
      steps += r.steps;
      if (r.output) {
        chunk += r.output;
        outLen += r.output.length;
        if (outLen > maxOutput) { flush(); r = { status: 'outputLimit', exitCode: 1 }; break; }
      }
      // Aim each slice at TARGET_SLICE_MS whatever one unit of work costs in this program.
      if (r.status === 'running') {
        if (dt < TARGET_SLICE_MS / 2 && budget < 1e9) budget *= 2;
        else if (dt > TARGET_SLICE_MS * 2 && budget > 1) budget = Math.max(1, Math.floor(budget / 2));
      }
      if (r.status === 'input') {
        flush();
        me.inputWanted = true;
        post({ type: 'input-wanted', id });
        await new Promise((resolve) => { me.wake = resolve; });
        me.wake = null;
        continue;
      }
      if (r.status !== 'running') break;
      if (performance.now() - lastFlush >= 16 || chunk.length >= 1 << 16) flush();
      await yieldToEventLoop();
    }
  } finally {
    session.dispose();
    if (current === me) current = null;
  }
  flush();
  const ms = performance.now() - started;
  if (r.status === 'trap') post({ type: 'trap', id, exitCode: r.exitCode, trap: r.trap, steps, ms });
  else post({ type: 'done', id, status: r.status, exitCode: r.exitCode, error: r.error || undefined, steps, ms });
}

function input(msg) {
  const me = current;
  if (!me || me.id !== msg.id) return;
  if (typeof msg.text === 'string' && msg.text) me.session.pushInput(msg.text);
  if (msg.close) me.session.closeInput();
  if (me.wake) { me.inputWanted = false; me.wake(); }
}

function stop(msg) {
  const me = current;
  if (!me || (msg.id !== undefined && me.id !== msg.id)) {
    if (msg.id !== undefined) stoppedEarly.add(msg.id);
    return;
  }
  me.stop = true;
  me.wake?.();
}

// Requests are handled in order, except that input and stop act on the current run
// at once (they are what lets it continue or end).
let queue = Promise.resolve();
deliver = (msg) => {
  if (!msg || typeof msg !== 'object') return;
  if (msg.type === 'input') return input(msg);
  if (msg.type === 'stop') return stop(msg);
  if (msg.type === 'ping') return post({ type: 'pong', id: msg.id });
  const viperReady = viperFor(msg);
  if (msg.type === 'run') {
    // One run at a time: a new one replaces the running one and any still queued.
    if (current) stop({});
    for (const id of queuedRuns) stoppedEarly.add(id);
    queuedRuns.add(msg.id);
  }
  queue = queue.then(async () => {
    const viper = await viperReady;
    if (msg.type === 'init') return;
    if (msg.type === 'compile') {
      const c = viper.compile(msg.sources, msg.language, { mainFile: msg.mainFile, wantTexts: msg.wantTexts ?? true, optLevel: msg.optLevel });
      post(compiledMessage(msg.id, c));
      c.dispose();
    } else if (msg.type === 'run') {
      queuedRuns.delete(msg.id);
      await run(viper, msg);
    } else {
      post({ type: 'error', id: msg.id, message: `viper worker: unknown request '${msg.type}'` });
    }
  }).catch((e) => post({ type: 'error', id: msg.id, message: String(e?.message ?? e) }));
};
for (const msg of inbox.splice(0)) deliver(msg);
