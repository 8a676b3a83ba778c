// Bad input never aborts the module or leaves it unusable: each case ends in a diagnostic,
// a trap or a budget status, and afterwards the same instance still compiles and runs a
// known program (and never needed a restart).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { viper, runToEnd } from './helpers.mjs';
import { createViper } from '../web/viper.mjs';

// An instance of its own (own memory), for cases that grow memory to gigabytes or may
// corrupt it: the shared instance of this file is not affected.
const fresh = async () => createViper({ wasmModule: (await viper()).wasmModule });

const BUDGETED = new Set(['done', 'trap', 'stepLimit', 'error']);

async function stillWorks(v) {
  const c = v.compile({ 'ok.bas': 'FOR I = 1 TO 3\n  PRINT I * 7\nNEXT I\n' }, 'basic');
  assert.equal(c.ok, true, c.diagnosticsText);
  const s = v.start(c);
  const r = runToEnd(s);
  assert.equal(r.status, 'done');
  assert.equal(r.output, '7\n14\n21\n');
  s.dispose();
  c.dispose();
  assert.equal(v.restarts, 0, 'no fatal module error was needed to get here');
}

/** Compiles `text` as `language` and, if it compiles, runs it under `maxSteps`. */
function attempt(v, name, text, language, { maxSteps = 5e6, slice = 1e5, maxMemory } = {}) {
  const t0 = performance.now();
  const c = v.compile({ [name]: text }, language, { wantTexts: true });
  if (!c.ok) {
    assert.ok(c.diagnostics.length >= 1, 'a failed compile says why');
    for (const d of c.diagnostics) assert.ok(d.line >= 1 && d.col >= 1, JSON.stringify(d));
    c.dispose();
    return { status: 'compileError', ms: performance.now() - t0 };
  }
  const s = v.start(c, { maxSteps, stdin: '', stdinClosed: true, ...(maxMemory ? { maxMemory } : {}) });
  const r = runToEnd(s, { slice });
  s.dispose();
  c.dispose();
  assert.ok(BUDGETED.has(r.status), r.status);
  return { ...r, ms: performance.now() - t0 };
}

// A seeded generator, so a failure can be reproduced.
function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; };
}

for (const language of ['il', 'basic', 'zia']) {
  test(`random bytes as ${language}: diagnostics, never an abort`, async () => {
    const v = await viper();
    const next = rng(language.length * 7919);
    for (let i = 0; i < 40; ++i) {
      const bytes = new Uint8Array(1 + (next() % 2000));
      for (let k = 0; k < bytes.length; ++k) bytes[k] = next() & 0xff;
      attempt(v, `r${i}`, bytes, language);
    }
    await stillWorks(v);
  });

  test(`random tokens as ${language}: diagnostics or a bounded run`, async () => {
    const v = await viper();
    const words = ['PRINT', 'IF', 'THEN', 'FOR', 'NEXT', 'func', '@main', '(', ')', '{', '}', '"', '1', 'x', '=', '+',
      'entry:', 'ret', '%t', 'i64', '\n', 'WHILE', 'WEND', 'DIM', ',', 'var', 'return', ':', '-', '9223372036854775807'];
    const next = rng(language.length * 104729);
    for (let i = 0; i < 40; ++i) {
      const n = 1 + (next() % 200);
      const text = Array.from({ length: n }, () => words[next() % words.length]).join(' ');
      attempt(v, `t${i}`, text, language);
    }
    await stillWorks(v);
  });
}

test('an empty source, a NUL byte, a lone newline', async () => {
  const v = await viper();
  for (const language of ['il', 'basic'])
    for (const text of ['', '\0', '\n', '\r\n\r\n', 'PRINT "a\0b"\n', '\uFEFFPRINT 1\n']) attempt(v, 'e', text, language);
  await stillWorks(v);
});

test('a 1 MB BASIC source compiles and runs', async () => {
  const v = await viper();
  const lines = [];
  for (let i = 0; lines.join('\n').length < 1 << 20 && i < 100000; ++i) lines.push(`X${i % 500} = ${i} + ${i % 7}`);
  lines.push('PRINT X1');
  const text = lines.join('\n') + '\n';
  assert.ok(text.length >= 1 << 20);
  const r = attempt(v, 'big.bas', text, 'basic');
  assert.equal(r.status, 'done');
  assert.ok(r.ms < 60000, `${r.ms} ms`);
  await stillWorks(v);
});

test('a 1 MB line of garbage is a diagnostic', async () => {
  const v = await viper();
  for (const language of ['il', 'basic']) {
    const r = attempt(v, 'line', 'PRINT ' + '('.repeat(1 << 20), language);
    assert.equal(r.status, 'compileError');
  }
  await stillWorks(v);
});

test('a 1 MB string literal', async () => {
  const v = await viper();
  const r = attempt(v, 'lit.bas', `S$ = "${'x'.repeat(1 << 20)}"\nPRINT LEN(S$)\n`, 'basic');
  assert.equal(r.status, 'done');
  assert.equal(r.output, '1048576\n');
  await stillWorks(v);
});

test('10,000-deep nesting: parentheses, IF blocks, FOR loops (BASIC)', async () => {
  const v = await viper();
  const n = 10000;
  const cases = [
    `PRINT ${'('.repeat(n)}1${')'.repeat(n)}\n`,
    `${'IF 1 THEN\n'.repeat(n)}PRINT 1\n${'END IF\n'.repeat(n)}`,
    `${Array.from({ length: n }, (_, i) => `FOR I${i} = 1 TO 1\n`).join('')}PRINT 1\n${'NEXT\n'.repeat(n)}`,
    `PRINT ${'-'.repeat(n)}1\n`,
    `PRINT ${'NOT '.repeat(n)}1\n`,
  ];
  for (const text of cases) {
    const r = attempt(v, 'deep.bas', text, 'basic');
    assert.equal(r.status, 'compileError', 'over the nesting limit is a diagnostic');
  }
  await stillWorks(v);
});

test('10,000-deep nesting (Zia)', async () => {
  const v = await viper();
  const n = 10000;
  for (const text of [
    `func start() {\n  var x = ${'('.repeat(n)}1${')'.repeat(n)};\n}\n`,
    `func start() {\n${'if (true) {\n'.repeat(n)}${'}\n'.repeat(n)}}\n`,
    `func start() {\n  var x = ${'-'.repeat(n)}1;\n}\n`,
  ]) attempt(v, 'deep.zia', text, 'zia');
  await stillWorks(v);
});

test('100,000-term operator chains compile (they are not nesting)', async () => {
  const v = await viper();
  const r = attempt(v, 'chain.bas', `X = ${Array(100000).fill('1').join(' + ')}\nPRINT X\n`, 'basic');
  assert.equal(r.status, 'done');
  assert.equal(r.output, '100000\n');
  await stillWorks(v);
});

test('an endless loop under a budget is a stepLimit, on both engines', async () => {
  const v = await viper();
  for (const engine of ['bc', 'il']) {
    const c = v.compile({ 'spin.bas': '10 GOTO 10\n' }, 'basic');
    assert.equal(c.ok, true, c.diagnosticsText);
    const s = v.start(c, { engine, maxSteps: 200000 });
    const r = runToEnd(s, { slice: 50000 });
    assert.equal(r.status, 'stepLimit', engine);
    s.dispose();
    c.dispose();
  }
  await stillWorks(v);
});

test('an endless loop paused in slices can simply be dropped', async () => {
  const v = await viper();
  const c = v.compile({ 'spin.il': 'il 0.3.0\nfunc @main() -> i64 {\nentry:\n  br loop\nloop:\n  br loop\n}\n' }, 'il');
  assert.equal(c.ok, true, c.diagnosticsText);
  const s = v.start(c);
  for (let i = 0; i < 20; ++i) assert.equal(s.resume(10000).status, 'running');
  s.dispose();
  c.dispose();
  await stillWorks(v);
});

test('a 1 GB array request: a trap or a run, and the module stays usable', async () => {
  const v = await fresh();
  // 134,217,729 eight-byte elements: just over the default 1 GiB program limit.
  const c = v.compile({ 'huge.bas': 'DIM A(134217728)\nA(134217727) = 1\nPRINT A(134217727)\n' }, 'basic');
  assert.equal(c.ok, true, c.diagnosticsText);
  for (const engine of ['bc', 'il']) {
    const s = v.start(c, { engine });
    const r = runToEnd(s);
    assert.ok(r.status === 'trap' || (r.status === 'done' && r.output === '1\n'), `${engine}: ${r.status} ${r.output}`);
    s.dispose();
  }
  c.dispose();
  await stillWorks(v);
});

test('allocations past the 2 GB memory maximum trap', async () => {
  const v = await fresh();
  // Three 800 MB arrays cannot all exist in one wasm32 instance: malloc fails, the
  // runtime traps (nothing aborts).
  const src = 'DIM A(100000000)\nDIM B(100000000)\nDIM C(100000000)\nPRINT "all three"\n';
  const r = attempt(v, 'three.bas', src, 'basic');
  assert.equal(r.status, 'trap');
  assert.match(r.trap.text, /out of memory/);
  await stillWorks(v);
});

test('maxMemory limits what a program may allocate', async () => {
  const v = await viper();
  const r = attempt(v, 'm.bas', 'DIM A(10000000)\nPRINT "80 MB"\n', 'basic', { maxMemory: 16 << 20 });
  assert.equal(r.status, 'trap');
  await stillWorks(v);
});

test('arrays past what wasm32 can address trap instead of wrapping',
  async () => {
    const v = await fresh();
    // 2^29 eight-byte elements is 2^32 bytes: 0 in a 32-bit size_t.
    for (const n of [536870911, 536870912, 1e9, 4e9]) {
      const c = v.compile({ 'wrap.bas': `DIM A(${n})\nA(${n}) = 7\nPRINT A(${n})\n` }, 'basic');
      if (!c.ok) { c.dispose(); continue; }
      const s = v.start(c);
      const r = runToEnd(s);
      assert.equal(r.status, 'trap', `DIM A(${n}): ${r.status} ${r.output}`);
      s.dispose();
      c.dispose();
    }
    await stillWorks(v);
  });

test('strings doubled until they hit the limit trap', async () => {
  const v = await viper();
  const r = attempt(v, 'dbl.bas', 'S$ = "x"\nDO\n  S$ = S$ + S$\nLOOP\n', 'basic', { maxSteps: 1e6 });
  assert.equal(r.status, 'trap');
  assert.match(r.trap.text, /out of memory/);
  await stillWorks(v);
});

test('10^6-deep recursion traps (stack overflow) on both engines', async () => {
  const v = await viper();
  const src = 'FUNCTION R(N)\n  IF N = 0 THEN\n    R = 0\n  ELSE\n    R = 1 + R(N - 1)\n  END IF\nEND FUNCTION\nPRINT R(1000000)\n';
  for (const engine of ['bc', 'il']) {
    const c = v.compile({ 'rec.bas': src }, 'basic');
    const s = v.start(c, { engine });
    const r = runToEnd(s);
    assert.equal(r.status, 'trap', engine);
    assert.match(r.trap.text, /stack overflow/);
    s.dispose();
    c.dispose();
  }
  await stillWorks(v);
});

test('recursion just under the depth limit finishes', async () => {
  const v = await viper();
  const src = 'FUNCTION R(N)\n  IF N = 0 THEN\n    R = 0\n  ELSE\n    R = 1 + R(N - 1)\n  END IF\nEND FUNCTION\nPRINT R(90000)\n';
  const c = v.compile({ 'rec.bas': src }, 'basic');
  const s = v.start(c);
  const r = runToEnd(s);
  assert.equal(r.status, 'done');
  assert.equal(r.output, '90000\n');
  s.dispose();
  c.dispose();
  await stillWorks(v);
});

test('wild IL memory access traps', async () => {
  const v = await viper();
  const src = 'il 0.3.0\nfunc @main() -> i64 {\nentry:\n  %p = inttoptr 123456789\n  store i64, %p, 1\n  ret 0\n}\n';
  const c = v.compile({ 'wild.il': src }, 'il');
  if (c.ok) {
    for (const engine of ['bc', 'il']) {
      const s = v.start(c, { engine });
      assert.equal(runToEnd(s).status, 'trap', engine);
      s.dispose();
    }
  }
  c.dispose();
  await stillWorks(v);
});

test('a program without @main is an error status, not a crash', async () => {
  const v = await viper();
  const c = v.compile({ 'nomain.il': 'il 0.3.0\nfunc @f() -> i64 {\nentry:\n  ret 0\n}\n' }, 'il');
  if (c.ok) {
    const s = v.start(c);
    const r = runToEnd(s);
    assert.equal(r.status, 'error');
    assert.ok(r.error.length > 0);
    s.dispose();
  } else {
    assert.ok(c.diagnostics.length >= 1);
  }
  c.dispose();
  await stillWorks(v);
});

test('a fatal module error restarts the instance and the API keeps working', async () => {
  // Not bad input: a simulated crash, to check the safety net itself.
  const v = await fresh();
  const c = v.compile({ 'a.bas': 'INPUT A$\nPRINT A$\n' }, 'basic');
  const s = v.start(c);
  assert.equal(s.resume().status, 'input');
  assert.throws(() => v._simulateFatalError(), (e) => e.moduleRestarted === true);
  assert.equal(v.restarts, 1);
  const r = s.resume();
  assert.equal(r.status, 'error', 'a session of the old instance is gone');
  assert.match(r.error, /restarted/);
  s.dispose();
  assert.throws(() => v.start(c), /disposed|restarted/);
  c.dispose();
  const c2 = v.compile({ 'b.bas': 'PRINT 6 * 7\n' }, 'basic');
  const s2 = v.start(c2);
  assert.equal(runToEnd(s2).output, '42\n');
  s2.dispose();
  c2.dispose();
});
