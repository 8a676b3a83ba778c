// The owner's side of worker.mjs (PROTOCOL.md): promises for compile and run, and the
// rule that a worker which does not answer is terminated and replaced. A `stop` that is
// not acknowledged within `stopTimeoutMs` (a program stuck inside one slice) and a
// compile that takes longer than `compileTimeoutMs` both respawn the worker; the request
// then settles with status 'killed'.
//
//   const w = new ViperWorker();                 // browser: a module worker next to this file
//   const c = await w.compile({ 'a.bas': src }, 'basic');
//   const run = w.run({ sources, language: 'basic' }, { onOutput: (t) => ..., onInput: async () => line });
//   run.stop();  const end = await run.done;      // { status, exitCode, trap?, steps }

function defaultSpawn() {
  return new Worker(new URL('./worker.mjs', import.meta.url), { type: 'module' });
}

// Browser Workers are EventTargets with message events; Node's worker_threads Worker is an
// EventEmitter that passes the data itself.
function listen(worker, onMessage, onError) {
  if (typeof worker.on === 'function') {
    worker.on('message', onMessage);
    worker.on('error', onError);
  } else {
    worker.addEventListener('message', (e) => onMessage(e.data));
    worker.addEventListener('error', (e) => { e.preventDefault?.(); onError(e.error ?? new Error(e.message)); });
  }
}

export class ViperWorker {
  /**
   * @param {{ spawn?: () => Worker, wasmModule?: WebAssembly.Module,
   *           stopTimeoutMs?: number, compileTimeoutMs?: number }} [options]
   */
  constructor(options = {}) {
    this.spawn = options.spawn ?? defaultSpawn;
    this.wasmModule = options.wasmModule;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 500;
    this.compileTimeoutMs = options.compileTimeoutMs ?? 10_000;
    this.respawns = 0;
    this.nextId = 1;
    this.pending = new Map();  // id -> handlers of a request in flight
    this.start();
  }

  start() {
    const worker = this.spawn();
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => { this.readyResolve = resolve; this.readyReject = reject; });
    this.ready.catch(() => {});
    listen(worker, (msg) => { if (this.worker === worker) this.onMessage(msg); },
      (e) => { if (this.worker === worker) this.kill(`worker error: ${e?.message ?? e}`); });
    // The module loads on the first message; `init` also hands it a compiled module.
    worker.postMessage(this.wasmModule ? { type: 'init', wasmModule: this.wasmModule } : { type: 'init' });
  }

  onMessage(msg) {
    if (msg.type === 'ready') { this.version = msg.version; this.readyResolve(msg.version); return; }
    if (msg.type === 'error' && msg.id === undefined) { this.readyReject(new Error(msg.message)); return; }
    const p = this.pending.get(msg.id);
    if (p) p.handle(msg);
  }

  /** Ends the worker now, settles everything in flight as killed, and starts a new one. */
  kill(reason = 'killed') {
    this.worker.terminate();
    ++this.respawns;
    const inFlight = [...this.pending.values()];
    this.pending.clear();
    for (const p of inFlight) p.killed(reason);
    this.start();
  }

  /** Compile only; resolves with the `compiled` reply. */
  compile(sources, language, options = {}) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.kill('compile timed out'), this.compileTimeoutMs);
      this.pending.set(id, {
        handle: (msg) => {
          clearTimeout(timer);
          this.pending.delete(id);
          if (msg.type === 'compiled') resolve(msg);
          else reject(new Error(msg.message ?? `unexpected ${msg.type}`));
        },
        killed: (reason) => { clearTimeout(timer); reject(Object.assign(new Error(reason), { status: 'killed' })); },
      });
      this.worker.postMessage({ type: 'compile', id, sources, language, ...options });
    });
  }

  /**
   * Compile and run. `request`: { sources, language, engine, args, env, stdin, stdinClosed,
   * maxSteps, maxMemory, maxOutput, wantTexts }. Handlers: onCompiled(msg), onOutput(text),
   * onInput() -> text | null (null closes input) or a Promise of one.
   */
  run(request, handlers = {}) {
    const id = this.nextId++;
    let settle;
    const done = new Promise((resolve) => { settle = resolve; });
    let stopTimer = null;
    const finish = (end) => { clearTimeout(stopTimer); this.pending.delete(id); settle(end); };
    this.pending.set(id, {
      handle: async (msg) => {
        switch (msg.type) {
          case 'compiled': handlers.onCompiled?.(msg); break;
          case 'output': handlers.onOutput?.(msg.text); break;
          case 'input-wanted': {
            const text = handlers.onInput ? await handlers.onInput() : null;
            if (this.pending.has(id)) this.worker.postMessage({ type: 'input', id, ...(text == null ? { close: true } : { text }) });
            break;
          }
          case 'trap': finish({ status: 'trap', exitCode: msg.exitCode, trap: msg.trap, steps: msg.steps, ms: msg.ms }); break;
          case 'done': finish({ status: msg.status, exitCode: msg.exitCode, error: msg.error, steps: msg.steps, ms: msg.ms }); break;
          case 'error': finish({ status: 'error', exitCode: 1, error: msg.message }); break;
          default: break;
        }
      },
      killed: (reason) => finish({ status: 'killed', exitCode: 137, error: reason }),
    });
    this.worker.postMessage({ type: 'run', id, ...request });
    return {
      id,
      done,
      input: (text) => this.worker.postMessage({ type: 'input', id, text }),
      closeInput: () => this.worker.postMessage({ type: 'input', id, close: true }),
      stop: () => {
        if (!this.pending.has(id) || stopTimer) return done;
        this.worker.postMessage({ type: 'stop', id });
        stopTimer = setTimeout(() => { if (this.pending.has(id)) this.kill('did not stop in time'); }, this.stopTimeoutMs);
        return done;
      },
    };
  }

  terminate() {
    const inFlight = [...this.pending.values()];
    this.pending.clear();
    for (const p of inFlight) p.killed('terminated');
    this.worker.terminate();
  }
}
