// web/worker.mjs under worker_threads, driven through web/worker-client.mjs: the message
// protocol of web/PROTOCOL.md.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { ViperWorker } from '../web/worker-client.mjs';

const workerUrl = new URL('../web/worker.mjs', import.meta.url);
const spawn = () => new Worker(workerUrl);
const clients = [];
function client(options = {}) {
  const w = new ViperWorker({ spawn, ...options });
  clients.push(w);
  return w;
}
after(() => { for (const w of clients) w.terminate(); });

const collect = () => {
  const out = [];
  return { onOutput: (t) => out.push(t), text: () => out.join(''), chunks: out };
};

test('ready reports the version', async () => {
  const w = client();
  assert.match(await w.ready, /^\d+\.\d+/);
});

test('compile replies with diagnostics, texts, maps and stats', async () => {
  const w = client();
  const ok = await w.compile({ 'a.bas': 'PRINT 1\nPRINT 2\n' }, 'basic');
  assert.equal(ok.type, 'compiled');
  assert.equal(ok.ok, true);
  assert.match(ok.il, /func @main/);
  assert.match(ok.bytecode, /func @main/);
  assert.ok(ok.ilMap.some((o) => o.line === 2));
  assert.ok(ok.bytecodeMap.some((o) => o.line === 1 && o.ilLine > 0));
  assert.ok(ok.stats.functions >= 1);
  const bad = await w.compile({ 'b.bas': 'IF X > 2 PRINT "big"\n' }, 'basic');
  assert.equal(bad.ok, false);
  assert.equal(bad.diagnostics[0].line, 1);
  assert.equal(bad.diagnostics[0].col, 10);
  assert.match(bad.diagnosticsText, /expected THEN/);
});

test('optLevel 0 compiles and runs the front end\'s IL as it comes; the default is -O1', async () => {
  const w = client();
  const src = { 'a.zia': 'bind Viper.Terminal;\nfunc start() {\n    var x = 2 + 3;\n    SayInt(x * 4);\n}\n' };
  const o1 = await w.compile(src, 'zia');
  const o0 = await w.compile(src, 'zia', { optLevel: 0 });
  assert.ok(o0.stats.ilInstructions > o1.stats.ilInstructions, `${o0.stats.ilInstructions} > ${o1.stats.ilInstructions}`);
  assert.match(o0.il, /^\s*br body$/m, 'the front end\'s block structure, unsimplified');
  assert.doesNotMatch(o1.il, /^\s*br /m, 'straight-line blocks merged at -O1');
  for (const optLevel of [0, 1]) {
    const out = collect();
    let compiled = null;
    const end = await w.run({ sources: src, language: 'zia', optLevel, wantTexts: true }, { ...out, onCompiled: (m) => { compiled = m; } }).done;
    assert.equal(end.status, 'done');
    assert.equal(out.text(), '20\n');
    assert.equal(compiled.il, (optLevel ? o1 : o0).il);
  }
});

test('run streams output and ends with done', async () => {
  const w = client();
  const out = collect();
  let compiled = null;
  const run = w.run({ sources: { 'a.bas': 'FOR I = 1 TO 5\n  PRINT I\nNEXT I\n' }, language: 'basic' },
    { ...out, onCompiled: (m) => { compiled = m; } });
  const end = await run.done;
  assert.equal(end.status, 'done');
  assert.equal(end.exitCode, 0);
  assert.equal(out.text(), '1\n2\n3\n4\n5\n');
  assert.equal(compiled.ok, true);
});

test('long output arrives in several chunks while the program runs', async () => {
  const w = client();
  const out = collect();
  const src = 'FOR I = 1 TO 300000\n  PRINT I\nNEXT I\n';
  const end = await w.run({ sources: { 'a.bas': src }, language: 'basic' }, out).done;
  assert.equal(end.status, 'done');
  assert.ok(out.chunks.length > 1, `${out.chunks.length} chunks`);
  const lines = out.text().split('\n');
  assert.equal(lines[0], '1');
  assert.equal(lines[299999], '300000');
});

test('a compile error ends a run with compileError', async () => {
  const w = client();
  let compiled = null;
  const end = await w.run({ sources: { 'a.bas': 'PRINT (\n' }, language: 'basic' }, { onCompiled: (m) => { compiled = m; } }).done;
  assert.equal(end.status, 'compileError');
  assert.equal(compiled.ok, false);
  assert.ok(compiled.diagnostics.length >= 1);
});

test('a trap is reported with its position', async () => {
  const w = client();
  const out = collect();
  const end = await w.run({ sources: { 't.bas': 'Z = 0: PRINT "a"\nPRINT 1 \\ Z\n' }, language: 'basic', engine: 'il' }, out).done;
  assert.equal(end.status, 'trap');
  assert.equal(end.exitCode, 1);
  assert.equal(end.trap.kind, 'DivideByZero');
  assert.equal(end.trap.line, 2);
  assert.match(end.trap.text, /t\.bas:2:1/);
  assert.equal(out.text(), 'a\n');
});

test('input-wanted is answered by onInput; null closes input', async () => {
  const w = client();
  const out = collect();
  const answers = ['bob', '21'];
  let asked = 0;
  const end = await w.run({ sources: { 'in.bas': 'INPUT N$\nPRINT "hello "; N$\nINPUT X\nPRINT X * 2\n' }, language: 'basic' },
    { ...out, onInput: async () => { ++asked; return answers.length ? answers.shift() + '\n' : null; } }).done;
  assert.equal(end.status, 'done');
  assert.equal(asked, 2);
  assert.equal(out.text(), 'hello bob\n42\n');
});

test('stdin and args given with run', async () => {
  const w = client();
  const out = collect();
  const end = await w.run({ sources: { 'in.bas': 'INPUT A$\nINPUT B$\nPRINT B$; A$\n' }, language: 'basic', stdin: 'x\ny\n', stdinClosed: true }, out).done;
  assert.equal(end.status, 'done');
  assert.equal(out.text(), 'yx\n');
});

test('maxSteps ends a run with stepLimit', async () => {
  const w = client();
  const end = await w.run({ sources: { 's.bas': 'DO\nLOOP\n' }, language: 'basic', maxSteps: 100000 }).done;
  assert.equal(end.status, 'stepLimit');
});

test('stop ends an endless loop within 1 s, and the worker is not replaced', async () => {
  const w = client();
  await w.ready;
  const run = w.run({ sources: { 's.bas': 'DO\nLOOP\n' }, language: 'basic' });
  await new Promise((r) => setTimeout(r, 300));  // let it spin
  const t0 = performance.now();
  const end = await run.stop();
  const ms = performance.now() - t0;
  assert.equal(end.status, 'stopped');
  assert.ok(ms < 1000, `${ms} ms`);
  assert.ok(ms < 100, `stop acknowledged in ${ms.toFixed(1)} ms (slices are ~8 ms)`);
  assert.equal(w.respawns, 0);
  // The same worker still runs programs.
  const out = collect();
  assert.equal((await w.run({ sources: { 'a.bas': 'PRINT 7\n' }, language: 'basic' }, out).done).status, 'done');
  assert.equal(out.text(), '7\n');
});

test('stop of an endless loop that prints', async () => {
  const w = client();
  const out = collect();
  const run = w.run({ sources: { 's.bas': 'DO\n  PRINT "x";\nLOOP\n' }, language: 'basic' }, out);
  await new Promise((r) => setTimeout(r, 200));
  const t0 = performance.now();
  const end = await run.stop();
  assert.equal(end.status, 'stopped');
  assert.ok(performance.now() - t0 < 1000);
  assert.ok(out.text().length > 0 && /^x+$/.test(out.text()));
});

test('ping is answered while a program runs', async () => {
  const w = client();
  const run = w.run({ sources: { 's.bas': 'DO\nLOOP\n' }, language: 'basic' });
  await new Promise((r) => setTimeout(r, 100));
  const pong = await new Promise((resolve) => {
    const id = 'p1';
    w.pending.set(id, { handle: (m) => { w.pending.delete(id); resolve(m); }, killed: () => resolve(null) });
    w.worker.postMessage({ type: 'ping', id });
  });
  assert.equal(pong.type, 'pong');
  await run.stop();
});

test('a new run replaces a running one', async () => {
  const w = client();
  const first = w.run({ sources: { 's.bas': 'DO\nLOOP\n' }, language: 'basic' });
  await new Promise((r) => setTimeout(r, 100));
  const out = collect();
  const second = w.run({ sources: { 'a.bas': 'PRINT "second"\n' }, language: 'basic' }, out);
  assert.equal((await first.done).status, 'stopped');
  assert.equal((await second.done).status, 'done');
  assert.equal(out.text(), 'second\n');
});

test('a worker that does not answer stop is terminated and respawned', async () => {
  // A stop timeout shorter than one slice forces the kill path.
  const w = client({ stopTimeoutMs: 1 });
  await w.ready;
  const run = w.run({ sources: { 's.bas': 'S$ = "x"\nDO\n  S$ = S$ + "x"\nLOOP\n' }, language: 'basic' });
  await new Promise((r) => setTimeout(r, 200));
  const end = await run.stop();
  assert.ok(end.status === 'killed' || end.status === 'stopped', end.status);
  if (end.status === 'killed') assert.equal(w.respawns, 1);
  // The replacement (or the same worker) answers.
  const out = collect();
  assert.equal((await w.run({ sources: { 'a.bas': 'PRINT 8\n' }, language: 'basic' }, out).done).status, 'done');
  assert.equal(out.text(), '8\n');
});

test('a worker given a compiled WebAssembly.Module skips loading it', async () => {
  const { createViper } = await import('../web/viper.mjs');
  const v = await createViper();
  const w = client({ wasmModule: v.wasmModule });
  assert.match(await w.ready, /^\d/);
  const out = collect();
  assert.equal((await w.run({ sources: { 'a.bas': 'PRINT 9\n' }, language: 'basic' }, out).done).status, 'done');
  assert.equal(out.text(), '9\n');
});

test('an unknown request is an error reply, and the worker carries on', async () => {
  const w = client();
  await w.ready;
  const reply = await new Promise((resolve) => {
    w.pending.set(77, { handle: (m) => { w.pending.delete(77); resolve(m); }, killed: () => resolve(null) });
    w.worker.postMessage({ type: 'frobnicate', id: 77 });
  });
  assert.equal(reply.type, 'error');
  const c = await w.compile({ 'a.bas': 'PRINT 1\n' }, 'basic');
  assert.equal(c.ok, true);
});
