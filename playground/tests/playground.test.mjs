// End-to-end tests of the built playground in headless Chromium (see helpers.mjs).
// Run: npm run build && node --test tests/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, startBrowser, open, chooseExample, setSource, runAndWait, programOutput, lineCenter, results, waitCompiled } from './helpers.mjs';

let srv, br;
before(async () => { srv = await startServer(); br = await startBrowser(); });
after(async () => { await br?.close(); srv?.server.close(); });

test('the page loads with no console errors and no request outside 127.0.0.1', async () => {
  const { context, page, problems, external } = await open(br.browser, srv.url);
  for (const name of ['Run', 'Stop', 'Share']) assert.equal(await page.getByRole('button', { name, exact: true }).count(), 1, name);
  assert.equal(await page.getByRole('combobox', { name: 'Language' }).count(), 1);
  assert.equal(await page.getByRole('combobox', { name: 'Examples' }).count(), 1);
  assert.equal(await page.getByRole('log', { name: 'Output' }).count(), 1);
  // The three panes: the source has text, IL and bytecode are filled from the compile.
  const texts = await page.evaluate(() => [window.__pg.source.getValue(), window.__pg.il.getValue(), window.__pg.bc.getValue()]);
  assert.match(texts[1], /^il /m);
  assert.match(texts[2], /^func @main/m);
  await page.screenshot({ path: path.join(results, 'desktop-light.png') });
  await context.close();
  assert.deepEqual(problems, []);
  assert.deepEqual(external, []);
});

for (const [language, name] of [['zia', 'fizzbuzz'], ['basic', 'collatz'], ['il', 'fib'], ['zia', 'class_linked_list'], ['basic', 'select_case']]) {
  test(`the ${language} example "${name}" runs and prints its golden output`, async () => {
    const { context, page, problems } = await open(br.browser, srv.url);
    await chooseExample(page, language, name);
    const expected = await page.evaluate(([l, n]) => window.__pg.examples[l].find((e) => e.name === n).expected, [language, name]);
    const { output, end } = await runAndWait(page);
    assert.equal(end.status, 'done');
    assert.equal(programOutput(output), expected);
    assert.match(await page.locator('#st-exit').innerText(), /exit 0/);
    await context.close();
    assert.deepEqual(problems, []);
  });
}

test('a trap names its line and clicking the link moves the caret there', async () => {
  const { context, page } = await open(br.browser, srv.url);
  await chooseExample(page, 'zia', 'div_zero');
  const { output, end } = await runAndWait(page);
  assert.equal(end.status, 'trap');
  assert.match(output, /DivideByZero/);
  await page.locator('.trap-link').click();
  const pos = await page.evaluate(() => window.__pg.source.getPosition());
  assert.equal(pos.lineNumber, 6);
  await context.close();
});

test('a syntax error shows a marker with its message and a problems count', async () => {
  const { context, page } = await open(br.browser, srv.url);
  await page.selectOption('select[name="Language"]', 'zia');
  await waitCompiled(page);
  await setSource(page, 'func start() {\n    var x = ;\n}\n');
  const markers = await page.evaluate(() => window.__pg.monaco.editor.getModelMarkers({ owner: 'viper' }));
  assert.equal(markers.length, 1);
  assert.equal(markers[0].startLineNumber, 2);
  assert.match(markers[0].message, /expected an expression/);
  await page.waitForSelector('#ed-source .squiggly-error');
  assert.match(await page.locator('#problems').innerText(), /1 problem/);
  // The hover shows the message.
  const box = await page.locator('#ed-source .squiggly-error').first().boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForSelector('.monaco-hover:not(.hidden) >> text=expected an expression', { timeout: 5000 });
  await context.close();
});

test('IL and bytecode are filled and a click on a source line highlights its IL and bytecode lines', async () => {
  const { context, page } = await open(br.browser, srv.url);
  await chooseExample(page, 'zia', 'fizzbuzz');
  // Line 5 is `if i % 15 == 0 {`: its IL is the srem.chk0 and its bytecode the SREM.
  const p = await lineCenter(page, 'source', 5);
  await page.mouse.click(p.x + 40, p.y);
  const hl = await page.evaluate(() => window.__pg.highlight);
  assert.equal(hl.source, 5);
  assert.ok(hl.il.length > 0 && hl.bc.length > 0);
  const lines = await page.evaluate((h) => ({
    il: h.il.map((l) => window.__pg.il.getModel().getLineContent(l)),
    bc: h.bc.map((l) => window.__pg.bc.getModel().getLineContent(l)),
  }), hl);
  assert.ok(lines.il.some((l) => /srem\.chk0 %[\w.]+, 15/.test(l)), lines.il.join('\n'));
  assert.ok(lines.bc.some((l) => /\bSREM\b/.test(l)), lines.bc.join('\n'));
  assert.ok(await page.locator('#ed-il .map-hl').count() > 0);
  assert.ok(await page.locator('#ed-bc .map-hl').count() > 0);
  assert.ok(await page.locator('#ed-source [class*="map-"]').count() > 3, 'colour bands on the source');
  // The reverse: a click on the IL line of `Say("Fizz")` highlights source line 8.
  const ilLine = await page.evaluate(() => window.__pg.il.getModel().getLinesContent().findIndex((l) => l.includes('Say("Fizz")')) + 1);
  const q = await lineCenter(page, 'il', ilLine);
  await page.mouse.click(q.x + 40, q.y);
  assert.equal((await page.evaluate(() => window.__pg.highlight)).source, 8);
  await context.close();
});

test('hovers explain bytecode and IL opcodes', async () => {
  const { context, page } = await open(br.browser, srv.url);
  await chooseExample(page, 'zia', 'fizzbuzz');
  const bcLine = await page.evaluate(() => window.__pg.bc.getModel().getLinesContent().findIndex((l) => /\bSREM\b/.test(l)) + 1);
  const col = await page.evaluate((l) => window.__pg.bc.getModel().getLineContent(l).indexOf('SREM') + 2, bcLine);
  const pos = await page.evaluate(([l, c]) => {
    const ed = window.__pg.bc; ed.revealLineInCenter(l);
    const p = ed.getScrolledVisiblePosition({ lineNumber: l, column: c }); const b = ed.getDomNode().getBoundingClientRect();
    return { x: b.left + p.left + 3, y: b.top + p.top + p.height / 2 };
  }, [bcLine, col]);
  await page.mouse.move(pos.x, pos.y);
  await page.waitForSelector('.monaco-hover:not(.hidden) >> text=DivideByZero', { timeout: 5000 });
  // IL: srem.chk0 -> its shape's meaning from vm/il/opcodes.def.
  const ilLine = await page.evaluate(() => window.__pg.il.getModel().getLinesContent().findIndex((l) => l.includes('srem.chk0')) + 1);
  const ilCol = await page.evaluate((l) => window.__pg.il.getModel().getLineContent(l).indexOf('srem.chk0') + 3, ilLine);
  const q = await page.evaluate(([l, c]) => {
    const ed = window.__pg.il; ed.revealLineInCenter(l);
    const p = ed.getScrolledVisiblePosition({ lineNumber: l, column: c }); const b = ed.getDomNode().getBoundingClientRect();
    return { x: b.left + p.left + 3, y: b.top + p.top + p.height / 2 };
  }, [ilLine, ilCol]);
  await page.mouse.move(q.x, q.y);
  await page.waitForSelector('.monaco-hover:not(.hidden) >> text=CheckedBin', { timeout: 5000 });
  await context.close();
});

test('an endless loop is stopped by Stop within 1 s and a second run works', async () => {
  const { context, page } = await open(br.browser, srv.url);
  await page.selectOption('select[name="Language"]', 'zia');
  await setSource(page, 'bind Viper.Terminal;\n\nfunc start() {\n    var i = 0;\n    while true {\n        i = i + 1;\n    }\n}\n');
  await page.getByRole('combobox', { name: 'Step limit' }).selectOption('Infinity');
  await page.evaluate(() => { window.__pg.lastRun = null; });
  await page.getByRole('button', { name: 'Run' }).click();
  await page.waitForTimeout(700);
  assert.equal(await page.evaluate(() => window.__pg.lastRun), null, 'still running');
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Stop' }).click();
  await page.waitForFunction(() => window.__pg.lastRun, null, { timeout: 5000 });
  const ms = Date.now() - t0;
  assert.ok(ms < 1000, `stopped in ${ms} ms`);
  assert.match((await page.evaluate(() => window.__pg.lastRun)).status, /stopped|killed/);
  // Escape stops too, then a normal program runs.
  await page.evaluate(() => { window.__pg.lastRun = null; });
  await page.getByRole('button', { name: 'Run' }).click();
  await page.waitForTimeout(300);
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => window.__pg.lastRun, null, { timeout: 2000 });
  await setSource(page, 'bind Viper.Terminal;\n\nfunc start() {\n    Say("again");\n}\n');
  const { output, end } = await runAndWait(page);
  assert.equal(end.status, 'done');
  assert.equal(programOutput(output), 'again\n');
  await context.close();
});

test('the step limit stops a run and Continue runs it with a larger one', async () => {
  const { context, page } = await open(br.browser, srv.url);
  await page.selectOption('select[name="Language"]', 'zia');
  await setSource(page, 'bind Viper.Terminal;\n\nfunc start() {\n    var i = 0;\n    while i < 3000000 {\n        i = i + 1;\n    }\n    SayInt(i);\n}\n');
  await page.selectOption('#limit', '1000000');
  const { end } = await runAndWait(page);
  assert.equal(end.status, 'stepLimit');
  assert.match(await page.locator('#st-state').innerText(), /Step limit/);
  await page.evaluate(() => { window.__pg.lastRun = null; });
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForFunction(() => window.__pg.lastRun, null, { timeout: 15000 });
  assert.equal((await page.evaluate(() => window.__pg.lastRun)).status, 'done');
  assert.equal(programOutput(await page.getByRole('log', { name: 'Output' }).textContent()), '3000000\n');
  await context.close();
});

test('interactive input: the console asks for a line and Enter sends it', async () => {
  const { context, page } = await open(br.browser, srv.url);
  await chooseExample(page, 'zia', 'readline');
  await page.fill('#stdin', 'Ada\n');   // the first line comes from the stdin box, the second is typed
  await page.evaluate(() => { window.__pg.lastRun = null; });
  await page.getByRole('button', { name: 'Run' }).click();
  const field = page.getByRole('textbox', { name: 'Program input' });
  await field.waitFor({ state: 'visible', timeout: 10000 });
  assert.match(await page.getByRole('log', { name: 'Output' }).textContent(), /Hello, Ada!/);
  await field.fill('21');
  await field.press('Enter');
  await page.waitForFunction(() => window.__pg.lastRun, null, { timeout: 10000 });
  assert.equal((await page.evaluate(() => window.__pg.lastRun)).status, 'done');
  assert.equal(programOutput(await page.getByRole('log', { name: 'Output' }).textContent()), 'Hello, Ada!\n21\n42\n');
  await context.close();
});

test('a shared URL opened in a fresh page restores the program and gives the same output', async () => {
  const a = await open(br.browser, srv.url);
  await a.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: srv.url });
  await chooseExample(a.page, 'basic', 'input_string');
  await a.page.fill('#stdin', 'shared\nline two, with commas\n');
  const first = await runAndWait(a.page);
  await a.page.getByRole('button', { name: 'Share' }).click();
  const url = await a.page.waitForFunction(() => window.__pg.sharedUrl).then((h) => h.jsonValue());
  assert.match(url, /#code\//);
  assert.equal(await a.page.evaluate(() => navigator.clipboard.readText()), url, 'copied to the clipboard');
  assert.equal(await a.page.evaluate(() => location.href), url, 'and in the address bar');
  const state = await a.page.evaluate(() => ({ src: window.__pg.source.getValue(), lang: window.__pg.state.language }));
  await a.context.close();
  const hash = url.slice(url.indexOf('#'));
  const b = await open(br.browser, srv.url, { hash });
  assert.equal(await b.page.evaluate(() => window.__pg.source.getValue()), state.src);
  assert.equal(await b.page.inputValue('select[name="Language"]'), 'basic');
  assert.equal(await b.page.inputValue('#stdin'), 'shared\nline two, with commas\n');
  const second = await runAndWait(b.page);
  assert.equal(second.output, first.output);
  assert.match(second.output, /\[shared\]\[line two, with commas\]/);
  await b.context.close();
  assert.deepEqual(b.problems, []);
});

test('the optimization level chooses what the IL and bytecode panes show and what runs; a shared link keeps it', async () => {
  const a = await open(br.browser, srv.url);
  await chooseExample(a.page, 'zia', 'fizzbuzz');
  const instrs = async (page) => Number(/(\d+) instr/.exec(await page.locator('#il-info').innerText())[1]);
  const o1 = { il: await a.page.evaluate(() => window.__pg.il.getValue()), n: await instrs(a.page) };
  const seq = await a.page.evaluate(() => window.__pg.compiled);
  await a.page.selectOption('#opt', '0');
  await a.page.waitForFunction((s) => window.__pg.compiled > s, seq, { timeout: 10_000 });
  const o0 = { il: await a.page.evaluate(() => window.__pg.il.getValue()), n: await instrs(a.page) };
  assert.notEqual(o0.il, o1.il);
  assert.ok(o0.n > o1.n, `-O0 shows the unoptimized IL: ${o0.n} instructions against -O1's ${o1.n}`);
  const expected = await a.page.evaluate(() => window.__pg.examples.zia.find((e) => e.name === 'fizzbuzz').expected);
  const { output, end } = await runAndWait(a.page);
  assert.equal(end.status, 'done');
  assert.equal(programOutput(output), expected);
  await a.page.getByRole('button', { name: 'Share' }).click();
  const url = await a.page.waitForFunction(() => window.__pg.sharedUrl).then((h) => h.jsonValue());
  await a.context.close();
  const b = await open(br.browser, srv.url, { hash: url.slice(url.indexOf('#')) });
  assert.equal(await b.page.inputValue('#opt'), '0');
  assert.equal(await b.page.evaluate(() => window.__pg.il.getValue()), o0.il);
  await b.context.close();
  assert.deepEqual([...a.problems, ...b.problems], []);
});

test('dark theme follows the system setting and the toggle switches it', async () => {
  const { context, page } = await open(br.browser, srv.url, { colorScheme: 'dark' });
  await chooseExample(page, 'basic', 'bubble_sort');
  await runAndWait(page);
  const p = await lineCenter(page, 'source', 6);
  await page.mouse.click(p.x + 40, p.y);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await page.screenshot({ path: path.join(results, 'desktop-dark.png') });
  await page.getByRole('button', { name: 'Toggle dark theme' }).click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  await context.close();
});

test('a 390x844 phone viewport has no horizontal scroll', async () => {
  const { context, page, problems } = await open(br.browser, srv.url, { viewport: { width: 390, height: 844 } });
  await chooseExample(page, 'zia', 'hanoi');
  await runAndWait(page);
  const m = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth, bw: document.body.scrollWidth }));
  assert.ok(m.sw <= m.cw && m.bw <= m.cw, JSON.stringify(m));
  await page.screenshot({ path: path.join(results, 'phone.png'), fullPage: true });
  await context.close();
  assert.deepEqual(problems, []);
});

test('keyboard: ? opens the help dialog, Ctrl+Enter runs', async () => {
  const { context, page } = await open(br.browser, srv.url);
  await page.locator('#examples').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('?');
  assert.equal(await page.evaluate(() => document.getElementById('help-dialog').open), true);
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.getElementById('help-dialog').open), false);
  await chooseExample(page, 'il', 'hello');
  await page.evaluate(() => { window.__pg.lastRun = null; window.__pg.source.focus(); });
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(() => window.__pg.lastRun, null, { timeout: 10000 });
  assert.equal((await page.evaluate(() => window.__pg.lastRun)).status, 'done');
  await context.close();
});

test('the last state is kept in localStorage and restored on reload', async () => {
  const { context, page } = await open(br.browser, srv.url);
  await chooseExample(page, 'il', 'loop_sum');
  await setSource(page, (await page.evaluate(() => window.__pg.source.getValue())) + '; edited\n');
  await page.fill('#stdin', 'kept');
  await page.waitForTimeout(500);
  const src = await page.evaluate(() => window.__pg.source.getValue());
  await page.reload();
  await page.waitForFunction(() => window.__pg?.ready && window.__pg.compiled > 0, null, { timeout: 30_000 });
  assert.equal(await page.evaluate(() => window.__pg.source.getValue()), src);
  assert.equal(await page.inputValue('select[name="Language"]'), 'il');
  assert.equal(await page.inputValue('#stdin'), 'kept');
  await context.close();
});

test('Monarch highlighting for Zia, BASIC, IL and the bytecode listing', async () => {
  const { context, page } = await open(br.browser, srv.url);
  const toks = await page.evaluate(() => {
    const m = window.__pg.monaco.editor;
    const kinds = (text, lang) => m.tokenize(text, lang)[0].map((t) => t.type);
    return {
      zia: kinds('func start() { var x = 1; // c', 'zia'),
      basic: kinds('for i = 1 to 10 \' c', 'basic'),
      il: kinds('  %t8 = srem.chk0 %m21, 15 ; c', 'il'),
      bc: kinds('    0006  SREM      r5, r4, r6', 'viper-bc'),
    };
  });
  assert.ok(toks.zia.includes('keyword.zia') && toks.zia.includes('number.zia') && toks.zia.includes('comment.zia'), toks.zia.join());
  assert.ok(toks.basic.includes('keyword.basic') && toks.basic.includes('comment.basic'), toks.basic.join());
  assert.ok(toks.il.includes('keyword.il') && toks.il.includes('variable.il') && toks.il.includes('comment.il'), toks.il.join());
  assert.ok(toks.bc.includes('keyword.viper-bc') && toks.bc.includes('variable.viper-bc') && toks.bc.includes('number.address.viper-bc'), toks.bc.join());
  await context.close();
});

test('output streams while the program runs', async () => {
  const { context, page } = await open(br.browser, srv.url);
  await page.selectOption('select[name="Language"]', 'zia');
  await setSource(page, 'bind Viper.Terminal;\n\nfunc start() {\n    var i = 0;\n    while true {\n        if i % 20000 == 0 {\n            SayInt(i / 20000);\n        }\n        i = i + 1;\n    }\n}\n');
  await page.getByRole('combobox', { name: 'Step limit' }).selectOption('Infinity');
  await page.evaluate(() => { window.__pg.lastRun = null; });
  await page.getByRole('button', { name: 'Run' }).click();
  const log = page.getByRole('log', { name: 'Output' });
  await page.waitForFunction(() => document.getElementById('output').textContent.length > 10, null, { timeout: 10000 });
  const a = (await log.textContent()).length;
  await page.waitForTimeout(300);
  const b = (await log.textContent()).length;
  assert.equal(await page.evaluate(() => window.__pg.lastRun), null, 'still running');
  assert.ok(b > a, `output grew while running (${a} -> ${b})`);
  await page.getByRole('button', { name: 'Stop' }).click();
  await page.waitForFunction(() => window.__pg.lastRun, null, { timeout: 2000 });
  assert.match(await log.textContent(), /^0\n1\n2\n/);
  await context.close();
});

test('a flood of output does not freeze the page: the console keeps its cap and the run ends at the output limit', async () => {
  const { context, page } = await open(br.browser, srv.url);
  await page.selectOption('select[name="Language"]', 'zia');
  await setSource(page, 'bind Viper.Terminal;\n\nfunc start() {\n    var i = 0;\n    while true {\n        SayInt(i);\n        i = i + 1;\n    }\n}\n');
  await page.getByRole('combobox', { name: 'Step limit' }).selectOption('Infinity');
  await page.evaluate(() => { window.__pg.lastRun = null; });
  await page.getByRole('button', { name: 'Run' }).click();
  // The run prints until the playground's output limit; meanwhile the page must answer.
  const lat = [];
  while (!(await page.evaluate(() => window.__pg.lastRun))) {
    const t0 = Date.now();
    await page.evaluate(() => 1 + 1);
    lat.push(Date.now() - t0);
    await page.waitForTimeout(50);
    if (lat.length > 200) break;
  }
  assert.ok(Math.max(...lat) < 1000, `the page answered within ${Math.max(...lat)} ms`);
  assert.equal((await page.evaluate(() => window.__pg.lastRun)).status, 'outputLimit');
  assert.match(await page.getByRole('log', { name: 'Output' }).textContent(), /more characters not shown/);
  await context.close();
});
