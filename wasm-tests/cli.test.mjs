// web/cli.mjs against the native CLI (build/vm/viper): the same stdout, stderr and exit
// status, byte for byte. A sample of the golden corpus by default (each Node process
// compiles the module, so the whole corpus takes minutes on two cores);
// VIPER_CLI_ALL=1 runs every program on both engines.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { root, goldenDir, rules, knownDifferences } from './helpers.mjs';

const native = process.env.VIPER_NATIVE_CLI ?? `${root}build/vm/viper`;
const cli = `${root}web/cli.mjs`;
const all = process.env.VIPER_CLI_ALL === '1';
const skip = existsSync(native) ? false : `no native CLI at ${native} (ninja -C build viper)`;

function run(cmd, args, { input = '', env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out = [], err = [];
    p.stdout.on('data', (d) => out.push(d));
    p.stderr.on('data', (d) => err.push(d));
    p.on('error', reject);
    p.on('close', (status) => resolve({ status, stdout: Buffer.concat(out), stderr: Buffer.concat(err) }));
    p.stdin.on('error', () => {});  // a CLI that exits without reading input
    p.stdin.end(input);
  });
}

async function same(args, options = {}) {
  const [want, got] = await Promise.all([run(native, args, options), run(process.execPath, [cli, ...args], options)]);
  const show = (r) => `status ${r.status}\n--- stdout\n${r.stdout.toString().slice(0, 2000)}\n--- stderr\n${r.stderr.toString().slice(0, 2000)}`;
  assert.equal(got.stderr.toString(), want.stderr.toString(), `stderr differs\nnative: ${show(want)}\nwasm: ${show(got)}`);
  assert.ok(got.stdout.equals(want.stdout), `stdout differs\nnative: ${show(want)}\nwasm: ${show(got)}`);
  assert.equal(got.status, want.status, 'exit status');
  return got;
}

// The golden programs: every one with VIPER_CLI_ALL=1, else every eighth plus all that use
// stdin, arguments, exit codes or traps (the CLI's own plumbing).
const programs = [];
for (const lang of rules.languages) {
  const dir = `${goldenDir}/${lang.dir}`;
  if (!existsSync(dir)) continue;
  // A multi-file program (rules.multiFile) runs as its main file; the CLI reads the rest.
  const main = rules.multiFile.main + lang.ext;
  readdirSync(dir).filter((f) => f.endsWith(lang.ext) || existsSync(`${dir}/${f}/${main}`)).sort()
    .map((f) => (f.endsWith(lang.ext) ? f : `${f}/${main}`)).forEach((f, i) => {
    const base = `${dir}/${f.slice(0, -lang.ext.length)}`;
    const plumbing = ['stdin', 'args', 'exit', 'stderr'].some((role) => existsSync(base + rules.sidecars[role].ext));
    if (all || plumbing || i % 8 === 0) programs.push({ path: `${lang.dir}/${f}`, base, file: `${dir}/${f}` });
  });
}

const argsOf = (base) => {
  const f = base + rules.sidecars.args.ext;
  if (!existsSync(f)) return [];
  const lines = readFileSync(f, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
};
const inputOf = (base) => { const f = base + rules.sidecars.stdin.ext; return existsSync(f) ? readFileSync(f) : ''; };
const rel = (file) => file.slice(root.length);


describe('CLI: golden programs, run', { concurrency: 2, skip }, () => {
  for (const p of programs) {
    for (const engine of all ? rules.engines : ['bc']) {
      const todo = knownDifferences[p.path];
      test(`run --engine=${engine} ${p.path}`, todo ? { todo } : {}, () =>
        same(['run', `--engine=${engine}`, rel(p.file), '--', ...argsOf(p.base)], { input: inputOf(p.base), env: { PATH: process.env.PATH } }));
    }
  }
});

describe('CLI: il, bc, check', { concurrency: 2, skip }, () => {
  // All three commands on every program with VIPER_CLI_ALL=1, else one of them in turn.
  programs.forEach((p, i) => {
    for (const cmd of all ? ['il', 'bc', 'check'] : [['il', 'bc', 'check'][i % 3]]) test(`${cmd} ${p.path}`, () => same([cmd, rel(p.file)]));
  });
});

describe('CLI: errors, options, plumbing', { concurrency: 2, skip }, () => {
  const tmp = mkdtempSync(`${tmpdir()}/viper-cli-`);
  const write = (name, text) => { writeFileSync(`${tmp}/${name}`, text); return `${tmp}/${name}`; };
  const syntax = write('syntax.bas', 'PRINT 1\nIF X > 2 PRINT "big"\nPRINT (\n');
  const verify = write('verify.il', 'il 0.3.0\nfunc @main() -> i64 {\nentry:\n  ret %nope\n}\n');
  const trap = write('trap.bas', 'PRINT "before"\nZ = 0: PRINT 1 \\ Z\n');
  const spin = write('spin.bas', 'PRINT "spin"\nDO\nLOOP\n');
  const input = write('input.bas', 'INPUT A$\nLINE INPUT B$\nPRINT "["; A$; "]["; B$; "]"\nINPUT C\nPRINT C\n');
  const exit = write('exit.il', 'il 0.3.0\nfunc @main() -> i64 {\nentry:\n  ret 300\n}\n');
  const nomain = write('nomain.il', 'il 0.3.0\nfunc @f() -> i64 {\nentry:\n  ret 0\n}\n');
  const bytes = write('bytes.bas', 'PRINT CHR$(200); CHR$(0); CHR$(255)\n');
  const env = write('env.il', readFileSync(`${goldenDir}/il/env_variables.il`, 'utf8'));

  test('a compile error in BASIC', () => same(['run', syntax]));
  test('check reports every error', () => same(['check', syntax]));
  test('an IL verifier error', () => same(['check', verify]));
  test('a trap on both engines', async () => { await same(['run', trap]); await same(['run', '--engine=il', trap]); });
  test('--max-steps ends an endless loop', async () => { await same(['run', '--max-steps', '100000', spin]); await same(['run', '--engine=il', '--max-steps', '5000', spin]); });
  test('--max-steps with a huge number', () => same(['run', '--max-steps', '99999999999999999999999', trap]));
  test('--max-steps without a number', () => same(['run', '--max-steps', 'ten', spin]));
  test('stdin from a pipe, then EOF', () => same(['run', input], { input: 'x\n  spaced line  \n' }));
  test('stdin that ends without a newline', () => same(['run', input], { input: 'a\nb\n42' }));
  test('exit status is main\'s value modulo 256', () => same(['run', exit]));
  test('a program without @main', () => same(['run', nomain]));
  test('non-UTF-8 output bytes pass through', () => same(['run', bytes]));
  test('the environment is the host\'s copy', () => same(['run', env], { env: { PATH: process.env.PATH, VIPER_X: 'from host' } }));
  test('program arguments after --', () => same(['run', `${goldenDir}/il/env_args.il`, '--', 'alpha', 'two words', '', '--flag']));
  test('--stats', () => same(['run', '--stats', `${goldenDir}/basic/${readdirSync(`${goldenDir}/basic`).find((f) => f.endsWith('.bas'))}`]));
  test('--stats needs the bytecode engine', () => same(['run', '--stats', '--engine=il', trap]));
  test('an unknown engine', () => same(['run', '--engine=jit', trap]));
  test('an unknown option', () => same(['run', '--fast', trap]));
  test('an unknown command', () => same(['go', trap]));
  test('no arguments', () => same([]));
  test('a missing file', () => same(['run', `${tmp}/missing.bas`]));
  test('an extra argument', () => same(['run', trap, 'extra']));
  test('--help', () => same(['--help']));
  test('--version', () => same(['--version']));
});
