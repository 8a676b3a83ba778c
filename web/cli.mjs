#!/usr/bin/env node
// `viper` on the WebAssembly build: the native CLI's commands, options, stdout, stderr and
// exit status (vm/cli/driver.cpp), with the work done by the module through viper.mjs.
// wasm-tests/cli.test.mjs compares the two byte for byte.
//
//   node web/cli.mjs run|check|il|bc FILE [--engine=bc|il] [--max-steps N] [--stats] [-- ARGS]
import { readFileSync, writeSync } from 'node:fs';
import { posix } from 'node:path';
import { createViper } from './viper.mjs';
import { languageForPath } from './languages.mjs';
import { SLICE_BUDGET } from './slice.mjs';

const USAGE =
  'usage: viper <command> [options] FILE\n' +
  '\n' +
  'commands:\n' +
  '  run FILE [-- ARGS...]   compile and run a program (.bas BASIC, or .il)\n' +
  '  check FILE              parse and verify; report every error\n' +
  '  il FILE                 print the program as normalized IL\n' +
  '  bc FILE                 print the bytecode, each IL instruction beside what it became\n' +
  '\n' +
  'options:\n' +
  '  --engine=bc|il          execution engine: bc = bytecode VM (default),\n' +
  '                          il = reference IL interpreter\n' +
  '  --max-steps N           stop with an error after N units of work (calls, jumps back\n' +
  '                          to a loop\'s start, traps handled, resumes: the same on both\n' +
  '                          engines)\n' +
  '  --max-memory N[K|M|G]   the program\'s memory budget (strings, arrays, frames);\n' +
  '                          past it an allocation is an out-of-memory trap (default 1G)\n' +
  '  -O0 | -O1               optimizer off | on (default -O1: SCCP, dead code, CFG\n' +
  '                          simplification, peepholes, value numbering, loop-invariant\n' +
  '                          hoisting, inlining); -O0 is the plain pipeline\n' +
  '  --passes=a,b,c          run exactly these optimizer passes, in order (sccp, dce,\n' +
  '                          simplifycfg, peephole, gvn, licm, inline)\n' +
  '  --verify-each           verify the IL after every optimizer pass\n' +
  '  --stats                 (bc) print executed counts per opcode and the top opcode pairs\n' +
  '  --trace                 (bc) print every executed instruction to stderr\n' +
  '  --help                  show this help\n' +
  '  --version               show the version\n' +
  '\n' +
  'The program reads ARGS with Viper.System.Environment.GetArgument (index 0 is the\n' +
  'first word after --) and a copy of the environment (SetVariable changes only the copy).\n' +
  '\n' +
  'exit status: main\'s return value or the code given to Viper.System.Environment.Exit;\n' +
  '1 on compile errors or an unhandled trap.\n';

const COMMANDS = new Set(['run', 'check', 'il', 'bc']);

// Writes all of `data` to fd (1 or 2) synchronously, so stdout is complete before a trap
// line goes to stderr, as the native CLI flushes.
function put(fd, data) {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  for (let off = 0; off < buf.length;) {
    try {
      off += writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;  // a non-blocking pipe is full: try again
    }
  }
}

// Returns the parsed arguments, or an exit status when the CLI is already done.
function parseArgs(argv) {
  const a = { command: '', file: '', engine: 'bc', maxSteps: Infinity, maxMemory: 0, stats: false, trace: false, programArgs: [] };
  for (let i = 0; i < argv.length; ++i) {
    const s = argv[i];
    if (s === '--') { a.programArgs = argv.slice(i + 1); break; }
    if (s === '--help' || s === '-h') { put(1, USAGE); return 0; }
    if (s === '--version') return 'version';
    if (s.startsWith('--engine=')) { a.engine = s.slice(9); continue; }
    if (s === '-O0' || s === '-O1') { a.optLevel = Number(s[2]); continue; }
    if (s.startsWith('--passes=') || s === '--verify-each') { put(2, `viper: ${s.split('=')[0]} is not available in the WebAssembly build\n`); return 2; }
    if (s === '--stats') { a.stats = true; continue; }
    if (s === '--trace') { a.trace = true; continue; }
    if (s === '--max-steps' && i + 1 < argv.length) {
      const n = argv[++i];
      if (!/^[0-9]+$/.test(n)) { put(2, 'viper: --max-steps needs a number\n'); return 2; }
      // strtoull saturates at 2^64-1; the message names the saturated value exactly.
      const big = BigInt(n) > 0xffffffffffffffffn ? 0xffffffffffffffffn : BigInt(n);
      a.maxStepsText = big.toString();
      a.maxSteps = Number(big);
      continue;
    }
    if (s === '--max-memory' && i + 1 < argv.length) {
      // N, NK, NM or NG (either case), N > 0, as the native CLI's strtoull-based parse.
      const m = /^([0-9]+)([kKmMgG]?)$/.exec(argv[++i]);
      const shift = !m ? -1 : { '': 0n, k: 10n, m: 20n, g: 30n }[m[2].toLowerCase()];
      const n = m ? BigInt(m[1]) : 0n;
      if (!m || n === 0n || n > (0xffffffffffffffffn >> shift)) { put(2, 'viper: --max-memory needs a size such as 64M or 2G\n'); return 2; }
      a.maxMemory = Number(n << shift);
      continue;
    }
    if (s.length > 1 && s[0] === '-') { put(2, `viper: unknown option '${s}'\n${USAGE}`); return 2; }
    if (!a.command) a.command = s;
    else if (!a.file) a.file = s;
    else { put(2, `viper: unexpected argument '${s}'\n`); return 2; }
  }
  if (!a.command || !a.file) { put(2, USAGE); return 2; }
  if (!COMMANDS.has(a.command)) { put(2, `viper: unknown command '${a.command}'\n${USAGE}`); return 2; }
  if (a.engine !== 'il' && a.engine !== 'bc') { put(2, `viper: unknown engine '${a.engine}' (available: bc, il)\n`); return 2; }
  if ((a.stats || a.trace) && a.engine !== 'bc') { put(2, 'viper: --stats and --trace need --engine=bc\n'); return 2; }
  if (a.trace) { put(2, 'viper: --trace is not available in the WebAssembly build\n'); return 2; }
  return a;
}

// Input is read when the program asks, a line at a time, as the native CLI does: a pipe
// that stays open (a parent that never closes it) must not block a program that reads
// nothing. Lines are bytes (no decoding), with their '\n'; null at end of input. Nothing
// touches stdin until the first request, so a program without input leaves it alone.
function lineReader() {
  const queue = [];
  const waiting = [];
  let ended = false, started = false;
  let partial = Buffer.alloc(0);
  const settle = () => { while (waiting.length && (queue.length || ended)) waiting.shift()(queue.length ? queue.shift() : null); };
  const begin = () => {
    started = true;
    process.stdin.on('data', (chunk) => {
      partial = partial.length ? Buffer.concat([partial, chunk]) : chunk;
      for (let nl; (nl = partial.indexOf(10)) >= 0;) {
        queue.push(partial.subarray(0, nl + 1));
        partial = partial.subarray(nl + 1);
      }
      settle();
    });
    process.stdin.on('end', () => {
      if (partial.length) queue.push(partial);  // a last line without '\n' is a whole line
      partial = Buffer.alloc(0);
      ended = true;
      settle();
    });
    process.stdin.on('error', () => { ended = true; settle(); });
  };
  return {
    next() {
      if (!started) begin();
      if (queue.length || ended) return Promise.resolve(queue.length ? queue.shift() : null);
      return new Promise((resolve) => waiting.push(resolve));
    },
    close() { if (started) process.stdin.destroy(); },
  };
}

function processEnvironment() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (k && v !== undefined) env[k] = v;
  return env;
}

async function runProgram(viper, compiled, a) {
  const session = viper.start(compiled, {
    engine: a.engine,
    args: a.programArgs,
    env: processEnvironment(),
    maxSteps: a.maxSteps,
    profile: a.stats,
    ...(a.maxMemory ? { maxMemory: a.maxMemory } : {}),
  });
  const lines = lineReader();
  let r;
  for (;;) {
    r = session.resume(SLICE_BUDGET);
    if (r.outputBytes.length) put(1, r.outputBytes);
    if (r.status === 'running') continue;
    if (r.status !== 'input') break;
    const line = await lines.next();
    if (line === null) session.closeInput();
    else session.pushInput(new Uint8Array(line.buffer, line.byteOffset, line.length));
  }
  lines.close();
  if (r.status === 'error') put(2, `${a.file}: error: ${r.error}\n`);
  else if (r.status === 'stepLimit') put(2, `viper: step limit of ${a.maxStepsText} reached\n`);
  else if (r.status === 'trap') put(2, r.trap.text + '\n');
  if (a.stats) put(2, session.profileText());
  session.dispose();
  return r.exitCode;
}

// Zia's `bind "./x";`: the files a program binds, read relative to the file that binds
// them, breadth first, each once, named as the front end resolves them (frontends/zia/
// modules.cpp bindTarget: `.zia` added to a name without an extension). The native CLI
// finds the binds with the lexer; this scan is textual, so a bind inside a comment only
// reads one file more. A file that cannot be read is left to the compiler to report.
function readBinds(main, sources) {
  const todo = [main];
  for (let i = 0; i < todo.length; i++) {
    const text = Buffer.from(sources[todo[i]]).toString('latin1');
    for (const m of text.matchAll(/\bbind\s+"([^"\\\n]*)"/g)) {
      const slash = todo[i].lastIndexOf('/');
      let dep = posix.normalize(m[1].startsWith('/') ? m[1] : todo[i].slice(0, slash + 1) + m[1]);
      const base = dep.slice(dep.lastIndexOf('/') + 1);
      if (!base.includes('.') || base === '.' || base === '..') dep += '.zia';
      dep = posix.normalize(dep);
      if (dep in sources) continue;
      let bytes;
      try { bytes = readFileSync(dep); } catch { continue; }
      sources[dep] = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
      todo.push(dep);
    }
  }
}

async function main(argv) {
  const a = parseArgs(argv);
  if (typeof a === 'number') return a;
  const viper = await createViper();
  if (a === 'version') { put(1, `viper ${viper.version}\n`); return 0; }
  let text;
  try { text = readFileSync(a.file); } catch { put(2, `viper: cannot read '${a.file}'\n`); return 1; }
  const sources = { [a.file]: new Uint8Array(text.buffer, text.byteOffset, text.length) };
  if (languageForPath(a.file) === 'zia') readBinds(a.file, sources);
  const compiled = viper.compile(sources,
    languageForPath(a.file), { mainFile: a.file, wantTexts: a.command === 'il' || a.command === 'bc', ...(a.optLevel !== undefined ? { optLevel: a.optLevel } : {}) });
  put(2, compiled.diagnosticsText);
  try {
    if (!compiled.ok) return 1;
    if (a.command === 'check') return 0;
    if (a.command === 'il') { put(1, compiled.il); return 0; }
    if (a.command === 'bc') {
      if (compiled.bytecodeError) { put(2, `${a.file}: error: ${compiled.bytecodeError}\n`); return 1; }
      put(1, compiled.bytecode);
      return 0;
    }
    return await runProgram(viper, compiled, a);
  } finally {
    compiled.dispose();
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => {
  put(2, `viper: internal error: ${e?.stack ?? e}\n`);
  process.exitCode = 70;
});
