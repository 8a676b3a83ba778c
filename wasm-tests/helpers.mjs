// Shared by the WebAssembly tests: one module per test file, and a loop that runs a
// session to its end in slices.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createViper } from '../web/viper.mjs';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const goldenDir = `${root}native-tests/golden`;
export const rules = JSON.parse(readFileSync(`${goldenDir}/rules.json`, 'utf8'));

// Golden programs where the WebAssembly build differs from the native one, with the reason
// (golden and CLI tests run them and report TODO instead of a failure).
export const knownDifferences = {};

let shared = null;
/** The module shared by the tests of one file (each file is its own process). */
export function viper() {
  shared ??= createViper();
  return shared;
}

/**
 * Runs to the end in slices of `slice` units; answers input requests from `lines` (then
 * closes input). Returns { status, exitCode, output, outputBytes (all of it), trap, error,
 * slices, steps }.
 */
export function runToEnd(session, { slice = 1e6, lines = [] } = {}) {
  let output = '';
  const bytes = [];
  let slices = 0, steps = 0;
  for (;;) {
    const r = session.resume(slice);
    ++slices;
    steps += r.steps;
    output += r.output;
    bytes.push(r.outputBytes);
    if (r.status === 'running') continue;
    if (r.status === 'input') {
      if (lines.length) session.pushInput(lines.shift());
      else session.closeInput();
      continue;
    }
    return { ...r, output, outputBytes: Buffer.concat(bytes), slices, steps };
  }
}

/** Compile + run + dispose; `stderr` is what the CLI would print besides the output. */
export function compileAndRun(v, sources, language, startOptions = {}, runOptions = {}, compileOptions = {}) {
  const c = v.compile(sources, language, compileOptions);
  if (!c.ok) return { compiled: c, status: 'compileError', exitCode: 1, output: '', outputBytes: Buffer.alloc(0), stderr: c.diagnosticsText };
  const s = v.start(c, startOptions);
  const r = runToEnd(s, runOptions);
  s.dispose();
  c.dispose();
  const stderr = r.status === 'trap' ? r.trap.text : r.status === 'error' ? r.error : '';
  return { compiled: c, ...r, stderr };
}
