// Measurements of the built playground (a program you run and read, not a test):
//   bundle sizes per file (raw, gzip -9 as serve.mjs sends them), the bytes a cold load
//   transfers, and in headless Chromium: compile + pane update after the debounce for a
//   1,000-line Zia program, and keystroke -> panes updated latency (includes the 150 ms debounce).
// Run: npm run build && node scripts/measure.mjs
import { readdirSync, statSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { startServer, startBrowser, open, setSource, root } from '../tests/helpers.mjs';

const dist = path.join(root, 'dist');
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const walk = (d) => readdirSync(d).flatMap((f) => (statSync(path.join(d, f)).isDirectory() ? walk(path.join(d, f)) : [path.join(d, f)]));
console.log('## Bundle (dist/)');
let raw = 0, gz = 0;
for (const f of walk(dist).sort()) {
  const b = readFileSync(f), g = gzipSync(b, { level: 9 }).length;
  raw += b.length; gz += g;
  console.log(`${path.relative(dist, f).padEnd(44)} ${kb(b.length).padStart(12)} ${kb(g).padStart(12)} gzip`);
}
console.log(`${'total'.padEnd(44)} ${kb(raw).padStart(12)} ${kb(gz).padStart(12)} gzip`);

const srv = await startServer();
const transfers = [];
srv.server.on('request', (req, res) => res.on('finish', () => transfers.push({ url: req.url, bytes: Number(res.getHeader('content-length') ?? 0) })));
const br = await startBrowser();
try {
  const t0 = Date.now();
  const { page, context } = await open(br.browser, srv.url);
  const readyMs = Date.now() - t0;
  await page.waitForTimeout(500);
  const total = transfers.reduce((a, t) => a + t.bytes, 0);
  console.log(`\n## Cold load: ${transfers.length} requests, ${kb(total)} transferred (gzip), ready + first compile shown in ${readyMs} ms`);
  for (const t of transfers) console.log(`  ${t.url.padEnd(46)} ${kb(t.bytes)}`);

  // A 1,000-line program: 90 functions of 10 lines and a start().
  const lines = ['bind Viper.Terminal;', ''];
  for (let i = 0; lines.length < 990; ++i) {
    lines.push(`func f${i}(n: Integer) -> Integer {`, `    var s = 0;`, `    var i = 0;`, `    while i < n {`,
      `        s = s + i * ${i + 1};`, `        i = i + 1;`, `    }`, `    return s;`, `}`, '');
  }
  lines.push('func start() {', '    var t = 0;');
  while (lines.length < 999) lines.push(`    t = t + f${(lines.length * 7) % 90}(3);`);
  lines.push('    SayInt(t);', '}');
  const src = lines.join('\n') + '\n';
  await setSource(page, src);
  const nLines = await page.evaluate(() => window.__pg.source.getModel().getLineCount());
  const samples = [];
  for (let k = 0; k < 12; ++k) {
    await page.evaluate(() => { window.__pg.metrics.compiles.length = 0; window.__pg.metrics.keyToPane.length = 0; });
    // A real keystroke in line 7 (`s = s + i * 1;` -> `* 11;` or `* 10;`, still valid): edit, debounce, compile, panes.
    await page.evaluate(() => { const ed = window.__pg.source; ed.focus(); ed.setPosition({ lineNumber: 7, column: 22 }); });
    const seq = await page.evaluate(() => window.__pg.compiled);
    await page.keyboard.type(k % 2 ? '0' : '1');
    await page.waitForFunction((s) => window.__pg.compiled > s, seq, { timeout: 10_000 });
    samples.push(await page.evaluate(() => ({ c: window.__pg.metrics.compiles.at(-1), key: window.__pg.metrics.keyToPane.at(-1), parts: window.__pg.metrics.parts })));
    await page.keyboard.press('Backspace');
    await page.waitForTimeout(400);
  }
  const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
  const ok = samples.filter((s) => s.c?.ok);
  if (ok.length < samples.length) console.log(`  (${samples.length - ok.length} keystrokes did not compile: left out)`);
  console.log(`\n## ${nLines}-line Zia program (${ok.length} keystrokes, medians)`);
  console.log(`  compile in the worker + reply:      ${med(ok.map((s) => s.c.workerMs)).toFixed(1)} ms`);
  console.log(`  pane update (markers, IL, bytecode, bands): ${med(ok.map((s) => s.c.paneMs)).toFixed(1)} ms`);
  console.log(`  after the debounce, total:          ${med(ok.map((s) => s.c.totalMs)).toFixed(1)} ms  (min ${Math.min(...ok.map((s) => s.c.totalMs)).toFixed(1)}, max ${Math.max(...ok.map((s) => s.c.totalMs)).toFixed(1)})`);
  console.log(`  keystroke -> panes updated:         ${med(ok.map((s) => s.key)).toFixed(1)} ms  (debounce 150 ms included)`);
  // A new line shifts every later source line: the maps change and the bands are rebuilt.
  const nl = [];
  for (let k = 0; k < 8; ++k) {
    await page.evaluate(() => { window.__pg.metrics.compiles.length = 0; const ed = window.__pg.source; ed.focus(); ed.setPosition({ lineNumber: 7, column: 23 }); });
    const seq = await page.evaluate(() => window.__pg.compiled);
    await page.keyboard.press('Enter');
    await page.waitForFunction((q) => window.__pg.compiled > q, seq, { timeout: 10_000 });
    nl.push(await page.evaluate(() => ({ c: window.__pg.metrics.compiles.at(-1), parts: window.__pg.metrics.parts })));
    await page.keyboard.press('Backspace');
    await page.waitForTimeout(400);
  }
  const nlOk = nl.filter((s) => s.c?.ok);
  console.log(`  Enter (new line: maps change, bands rebuilt): total ${med(nlOk.map((s) => s.c.totalMs)).toFixed(1)} ms, ` +
    `panes ${med(nlOk.map((s) => s.c.paneMs)).toFixed(1)} ms (mapping ${med(nlOk.map((s) => s.parts.mapping)).toFixed(1)} ms), ${nlOk.length} samples`);
  const stats = await page.evaluate(() => ({ il: window.__pg.il.getModel().getLineCount(), bc: window.__pg.bc.getModel().getLineCount() }));
  console.log(`  pane parts (median): ${["markers", "texts", "mapping"].map((k) => `${k} ${med(ok.map((s) => s.parts[k])).toFixed(1)} ms`).join(", ")}`);
  console.log(`  IL ${stats.il} lines, bytecode ${stats.bc} lines`);
  await context.close();
} finally {
  await br.close();
  srv.server.close();
}
