// The Viper toolchain as a small ES module over the WebAssembly build (dist/viper.js +
// dist/viper.wasm, made by web/CMakeLists.txt). It works the same in Node, in a page and
// in a worker:
//
//   const viper = await createViper();
//   const c = viper.compile({ 'hello.bas': 'PRINT "hi"' }, 'basic');
//   const s = viper.start(c, { engine: 'bc' });
//   for (let r = s.resume(1e6); ; r = s.resume(1e6)) { ...; if (r.status !== 'running') break; }
//   s.dispose(); c.dispose();
//
// Plain values only: a compile result and a slice result are ordinary objects (they survive
// postMessage); the only resources are the program a compile result keeps and a session,
// both freed by dispose() (a FinalizationRegistry is only a backstop).
//
// A failure inside the module (which should not happen: bad input is a diagnostic or a
// trap) must not leave it unusable. A call that throws a WebAssembly error or overflows
// the JS stack retires the instance; the next call gets a fresh one made synchronously
// from the same compiled WebAssembly.Module, and `restarts` counts them.
import createViperModule from './dist/viper.js';

const wasmUrl = new URL('./dist/viper.wasm', import.meta.url);
const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';

async function loadWasmModule() {
  if (isNode) {
    // Emscripten 3.1.6's loader would fetch() a file path in Node, which fails: read the
    // bytes ourselves. The specifier is built so bundlers leave it alone.
    const fs = await import(/* @vite-ignore */ ['node', 'fs/promises'].join(':'));
    return WebAssembly.compile(await fs.readFile(wasmUrl));
  }
  const response = fetch(wasmUrl, { credentials: 'same-origin' });
  if (WebAssembly.compileStreaming) {
    try { return await WebAssembly.compileStreaming(response); } catch { /* wrong MIME type: compile the bytes */ }
  }
  const r = await response;
  if (!r.ok) throw new Error(`viper: cannot load ${wasmUrl} (${r.status})`);
  return WebAssembly.compile(await r.arrayBuffer());
}

const decoder = new TextDecoder();
const decode = (bytes) => decoder.decode(bytes);

function isFatal(e) {
  return e instanceof WebAssembly.RuntimeError || e instanceof RangeError ||
    (typeof e === 'string' && /abort|OOM/i.test(e)) || e?.name === 'ExitStatus';
}

// One instance of the module, made synchronously so a retired one can be replaced inside
// the call that noticed.
function instantiate(wasmModule, log) {
  const arg = {
    instantiateWasm(imports, receive) {
      const instance = new WebAssembly.Instance(wasmModule, imports);
      receive(instance, wasmModule);
      return instance.exports;
    },
    print: (s) => log.push(s),     // the C++ never prints; keep anything that does
    printErr: (s) => log.push(s),
  };
  createViperModule(arg).catch(() => {});
  if (typeof arg.compile !== 'function') throw new Error('viper: the module did not initialise');
  return arg;
}

function expandIlMap(flat, files) {
  const out = new Array(flat.length / 3);
  for (let i = 0, k = 0; k < flat.length; ++i, k += 3)
    out[i] = { file: flat[k] ? files[flat[k] - 1] : '', line: flat[k + 1], col: flat[k + 2] };
  return out;
}

function expandBytecodeMap(flat, files) {
  const out = new Array(flat.length / 4);
  for (let i = 0, k = 0; k < flat.length; ++i, k += 4)
    out[i] = { ilLine: flat[k], file: flat[k + 1] ? files[flat[k + 1] - 1] : '', line: flat[k + 2], col: flat[k + 3] };
  return out;
}

function checkCount(name, v, { min = 0 } = {}) {
  if (v === undefined || v === Infinity) return Infinity;
  if (typeof v === 'bigint') v = Number(v);
  if (typeof v !== 'number' || !(v >= min) || (v !== Infinity && !Number.isInteger(v)))
    throw new TypeError(`viper: ${name} must be an integer >= ${min} or Infinity`);
  return v;
}

const ENGINES = new Set(['bc', 'il']);

/**
 * @param {{ wasmModule?: WebAssembly.Module }} [options] pass a compiled module to skip
 *   loading and compiling (a worker gets it from its owner).
 */
export async function createViper(options = {}) {
  const wasmModule = options.wasmModule ?? await loadWasmModule();
  const log = [];
  let m = instantiate(wasmModule, log);
  let generation = 0;
  let restarts = 0;

  const programs = new FinalizationRegistry(({ id, gen }) => { if (gen === generation) m.releaseProgram(id); });
  const sessions = new FinalizationRegistry(({ handle, gen }) => { if (gen === generation) handle.delete(); });

  // Runs fn(m); a fatal module error retires the instance and rethrows a plain Error.
  function guarded(what, fn) {
    try {
      return fn(m);
    } catch (e) {
      if (!isFatal(e)) throw e;
      ++generation;
      ++restarts;
      m = instantiate(wasmModule, log);
      const err = new Error(`viper: the module failed during ${what} and was restarted (${e?.message ?? e})`);
      err.moduleRestarted = true;
      throw err;
    }
  }

  function compile(sources, language, opts = {}) {
    if (typeof sources === 'string' || sources instanceof Uint8Array)
      sources = { [opts.fileName ?? 'main']: sources };
    if (typeof sources !== 'object' || sources === null) throw new TypeError('viper: sources must be a string or {name: text}');
    for (const [k, v] of Object.entries(sources))
      if (typeof v !== 'string' && !(v instanceof Uint8Array)) throw new TypeError(`viper: source '${k}' must be a string or Uint8Array`);
    if (typeof language !== 'string') throw new TypeError('viper: language must be a string ("il", "basic", "zia")');
    const req = {};
    if (opts.mainFile !== undefined) req.mainFile = String(opts.mainFile);
    if (opts.wantTexts !== undefined) req.wantTexts = !!opts.wantTexts;
    if (opts.optLevel !== undefined) req.optLevel = Number(opts.optLevel) ? 1 : 0;
    const gen = generation;
    const raw = guarded('compile', (mod) => mod.compile(sources, language, req));
    const files = raw.files;
    const result = {
      ok: raw.ok,
      diagnostics: raw.diagnostics,
      diagnosticsText: decode(raw.diagnosticsText),
      il: decode(raw.il),
      bytecode: decode(raw.bytecode),
      bytecodeError: raw.bytecodeError,  // the bytecode compiler refused it (a limit); the il engine can run it
      ilMap: expandIlMap(raw.ilMap, files),
      bytecodeMap: expandBytecodeMap(raw.bytecodeMap, files),
      stats: raw.stats,
    };
    // Not enumerable: a compile result stays plain data for postMessage and JSON.
    let id = raw.program;
    const token = {};
    if (id) programs.register(result, { id, gen }, token);
    Object.defineProperty(result, 'dispose', {
      value() {
        if (id && gen === generation) m.releaseProgram(id);
        if (id) programs.unregister(token);
        id = 0;
      },
    });
    Object.defineProperty(result, '_program', { get: () => (gen === generation ? id : 0) });
    return result;
  }

  function start(compiled, opts = {}) {
    if (!compiled || typeof compiled._program !== 'number') throw new TypeError('viper: start needs a result of compile()');
    if (!compiled.ok) throw new Error('viper: cannot start a program that did not compile');
    if (!compiled._program) throw new Error('viper: this program was disposed (or the module restarted)');
    const engine = opts.engine ?? 'bc';
    if (!ENGINES.has(engine)) throw new Error(`viper: unknown engine '${engine}' (available: bc, il)`);
    const so = { engine };
    if (opts.args !== undefined) so.args = Array.from(opts.args, String);
    if (opts.env !== undefined) so.env = Object.fromEntries(Object.entries(opts.env).map(([k, v]) => [k, String(v)]));
    if (opts.stdin !== undefined) so.stdin = opts.stdin;
    if (opts.stdinClosed !== undefined) so.stdinClosed = !!opts.stdinClosed;
    if (opts.profile !== undefined) so.profile = !!opts.profile;  // bytecode engine: profileText()
    const maxSteps = checkCount('maxSteps', opts.maxSteps);
    if (maxSteps !== Infinity) so.maxSteps = maxSteps;
    const maxMemory = checkCount('maxMemory', opts.maxMemory);
    if (maxMemory !== Infinity) so.maxMemory = maxMemory;
    const gen = generation;
    const handle = guarded('start', (mod) => new mod.Session(compiled._program, so));
    return makeSession(handle, gen);
  }

  function makeSession(handle, gen) {
    const token = {};
    sessions.register(token, { handle, gen }, token);
    const out = new TextDecoder();  // per session: a UTF-8 sequence may span two slices
    let last = null;
    const live = () => handle && gen === generation;
    const ended = (why) => ({ status: 'error', exitCode: 1, output: '', outputBytes: new Uint8Array(0), trap: null, error: why, steps: 0 });
    const session = {
      /** Runs up to `budget` units (calls and backward jumps); see PROTOCOL.md for statuses. */
      resume(budget = Infinity) {
        budget = checkCount('budget', budget, { min: 1 });
        if (!handle) return last ?? ended('session disposed');
        if (gen !== generation) return (last = ended('the module was restarted; this session is gone'));
        let r;
        try {
          r = guarded('run', () => handle.resume(budget));
        } catch (e) {
          if (!e.moduleRestarted) throw e;
          handle = null;
          return (last = ended(e.message));
        }
        r.outputBytes = r.output;
        r.output = out.decode(r.outputBytes, { stream: r.status === 'running' || r.status === 'input' });
        if (r.trap) r.trap.text = decode(r.trap.text);
        return (last = r);
      },
      pushInput(text) {
        if (typeof text !== 'string' && !(text instanceof Uint8Array)) throw new TypeError('viper: input must be a string or Uint8Array');
        if (live()) guarded('pushInput', () => handle.pushInput(text));
      },
      closeInput() { if (live()) guarded('closeInput', () => handle.closeInput()); },
      /** Opcode counts (bytecode engine), as `viper run --stats` prints them. */
      profileText() { return live() ? guarded('profileText', () => handle.profileText()) : ''; },
      dispose() {
        if (!handle) return;
        sessions.unregister(token);
        if (gen === generation) handle.delete();
        handle = null;
      },
    };
    return session;
  }

  return {
    compile,
    start,
    get version() { return guarded('version', (mod) => mod.version()); },
    /** How often a fatal module error forced a fresh instance (0 when all is well). */
    get restarts() { return restarts; },
    /** Current size of the module's memory and the bytes malloc has handed out. */
    memory() { return { heapSize: m.HEAP8.length, inUse: m.memoryInUse() }; },
    /** The compiled WebAssembly.Module (post it to a worker to skip compiling again). */
    wasmModule,
    /** Anything the module printed itself (it should print nothing). */
    log,
    /** For the tests of the safety net: fail as a crash inside the module would. */
    _simulateFatalError() { guarded('a simulated failure', () => { throw new WebAssembly.RuntimeError('unreachable'); }); },
  };
}

export default createViper;
