// Shared test fixtures: serve.mjs on a free port over dist/, and Debian's Chromium driven by
// playwright-core (never a browser download), headless, with a fresh profile per context.
import { chromium } from 'playwright-core';
import { mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from '../serve.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const results = path.join(root, 'test-results');
const ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

export async function startServer() {
  const dist = path.join(root, 'dist');
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error('playground/dist is missing: run `npm run build` first');
  const server = createServer(dist);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

/** One browser for a test file; each `open` gets a fresh context (fresh storage). */
export async function startBrowser() {
  // playwright's launch() gives Chromium a fresh temporary --user-data-dir of its own (and
  // refuses one in args); every newContext() is a fresh incognito-like profile on top.
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ARGS });
  mkdirSync(results, { recursive: true });
  return { browser, async close() { await browser.close(); } };
}

/** Opens the page and waits until the compiler is up and the first compile is shown. */
export async function open(browser, url, { viewport = { width: 1400, height: 860 }, colorScheme = 'light', hash = '' } = {}) {
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  const problems = [];
  const external = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith('http://127.0.0.1:') && !u.startsWith('data:') && !u.startsWith('blob:')) external.push(u);
  });
  await page.goto(url + hash);
  await page.waitForFunction(() => window.__pg?.ready && window.__pg.compiled > 0, null, { timeout: 30_000 });
  return { context, page, problems, external };
}

/** Picks an example through the Examples select and waits for its compile to be shown. */
export async function chooseExample(page, language, name) {
  await page.selectOption('select[name="Language"]', language);
  await page.selectOption('select[name="Examples"]', name);
  await waitCompiled(page);
}

/** Waits until a compile started after now has been shown. */
export async function waitCompiled(page) {
  const seq = await page.evaluate(() => window.__pg.compiled);
  await page.waitForFunction((s) => window.__pg.compiled > s, seq, { timeout: 10_000 }).catch(() => {});
  await page.waitForTimeout(50);
}

export async function setSource(page, text) {
  const seq = await page.evaluate((t) => { window.__pg.source.setValue(t); return window.__pg.compiled; }, text);
  await page.waitForFunction((s) => window.__pg.compiled > s, seq, { timeout: 10_000 });
}

/** Clicks Run and waits for the run to end; returns { output, end }. */
export async function runAndWait(page, { timeout = 15_000 } = {}) {
  const runs = await page.evaluate(() => { window.__pg.lastRun = null; return window.__pg.runs ?? 0; });
  await page.getByRole('button', { name: 'Run' }).click();
  await page.waitForFunction((n) => (window.__pg.runs ?? 0) > n && window.__pg.lastRun, runs, { timeout });
  return { output: await page.getByRole('log', { name: 'Output' }).textContent(), end: await page.evaluate(() => window.__pg.lastRun) };
}

/** The program's own output: the console text without the playground's [bracketed] notes. */
export const programOutput = (text) => text.replace(/\[exited with code \d+\]\n?$/, '');

/** Client coordinates of a line in one of the editors ('source' | 'il' | 'bc'). */
export async function lineCenter(page, which, line) {
  return page.evaluate(([w, l]) => {
    const ed = window.__pg[w];
    ed.revealLineInCenter(l);
    const p = ed.getScrolledVisiblePosition({ lineNumber: l, column: 3 });
    const box = ed.getDomNode().getBoundingClientRect();
    return { x: box.left + p.left + 2, y: box.top + p.top + p.height / 2 };
  }, [which, line]);
}
