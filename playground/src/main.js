// The Viper playground: three Monaco panes (source, IL, bytecode) over web/worker.mjs.
// One worker compiles as you type, another runs programs, so a running (or waiting)
// program never delays the panes; web/worker-client.mjs supplies timeouts and respawn.
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/toggleTabFocusMode/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import LZString from 'lz-string';
import { ViperWorker } from '../../web/worker-client.mjs';
import examples from './generated/examples.json';
import { registerLanguages, THEMES } from './languages.js';
import './style.css';

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

const $ = (id) => document.getElementById(id);
const LANGS = { zia: { file: 'main.zia', mode: 'zia' }, basic: { file: 'main.bas', mode: 'basic' }, il: { file: 'main.il', mode: 'il' } };
const BANDS = 8;
const DEBOUNCE_MS = 150;
const STORE_KEY = 'viper-playground';

registerLanguages(monaco);
monaco.editor.defineTheme('viper-light', THEMES.light);
monaco.editor.defineTheme('viper-dark', THEMES.dark);

// --- theme: the system setting unless toggled (the choice is remembered) --------------------
const media = matchMedia('(prefers-color-scheme: dark)');
let themeChoice = localStorage.getItem(`${STORE_KEY}:theme`);  // 'light' | 'dark' | null
function applyTheme() {
  const dark = themeChoice ? themeChoice === 'dark' : media.matches;
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  monaco.editor.setTheme(dark ? 'viper-dark' : 'viper-light');
  $('theme').setAttribute('aria-pressed', String(dark));
  $('theme-icon').textContent = dark ? '☾' : '☀';
}
media.addEventListener('change', applyTheme);
$('theme').addEventListener('click', () => {
  themeChoice = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
  localStorage.setItem(`${STORE_KEY}:theme`, themeChoice);
  applyTheme();
});

// --- editors ----------------------------------------------------------------------------------
const common = {
  automaticLayout: true, minimap: { enabled: false }, fontSize: 13, lineHeight: 20,
  fontFamily: 'ui-monospace, "Cascadia Code", "JetBrains Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace',
  scrollBeyondLastLine: false, renderLineHighlight: 'line', padding: { top: 6 }, tabSize: 4,
  overviewRulerBorder: false, hideCursorInOverviewRuler: true, renderLineHighlightOnlyWhenFocus: true, fixedOverflowWidgets: true, scrollBeyondLastColumn: 2, scrollbar: { alwaysConsumeMouseWheel: false, horizontalScrollbarSize: 8, verticalScrollbarSize: 10 },
  ariaLabel: '',
};
const source = monaco.editor.create($('ed-source'), { ...common, ariaLabel: 'Source code', language: 'zia', value: '' });
const ilEd = monaco.editor.create($('ed-il'), { ...common, ariaLabel: 'IL (read-only)', language: 'il', readOnly: true, domReadOnly: true });
const bcEd = monaco.editor.create($('ed-bc'), { ...common, ariaLabel: 'Bytecode (read-only)', language: 'viper-bc', readOnly: true, domReadOnly: true, tabSize: 8 });
applyTheme();

// --- state ------------------------------------------------------------------------------------
const state = { language: 'zia', example: 'hello', stdin: '', maxSteps: 1e8, optLevel: 1 };
const compiler = new ViperWorker();
// The runner starts once the compiler is up, so the two do not compile the .wasm at the
// same time on a cold load (the second fetch comes from the HTTP cache).
let runner = null;
const getRunner = () => (runner ??= new ViperWorker());
let compileSeq = 0, shownSeq = 0, lastCompiled = null;
let mapping = null;  // { srcToIl, srcToBc, ilToSrc, bcToSrc }
const metrics = { compiles: [], lastKeyAt: 0, keyToPane: [] };

function fillExamples() {
  const sel = $('examples');
  sel.replaceChildren(new Option('— choose —', ''), ...examples[state.language].map((e) => new Option(e.name.replace(/_/g, ' '), e.name)));
  sel.value = examples[state.language].some((e) => e.name === state.example) ? state.example : '';
}

function setLanguage(lang, { keepSource = false } = {}) {
  state.language = lang;
  $('language').value = lang;
  monaco.editor.setModelLanguage(source.getModel(), LANGS[lang].mode);
  fillExamples();
  if (!keepSource) loadExample(examples[lang][0].name);
}

function loadExample(name) {
  const ex = examples[state.language].find((e) => e.name === name);
  if (!ex) return;
  state.example = name;
  $('examples').value = name;
  source.setValue(ex.source);
  $('stdin').value = ex.stdin;
  state.stdin = ex.stdin;
}

// --- compile as you type -------------------------------------------------------------------
let debounceTimer = 0;
function scheduleCompile() {
  clearTimeout(debounceTimer);
  debounceTimer = setTimeout(compileNow, DEBOUNCE_MS);
}

async function compileNow() {
  const seq = ++compileSeq;
  const lang = state.language, text = source.getValue();
  const t0 = performance.now();
  let c;
  try {
    c = await compiler.compile({ [LANGS[lang].file]: text }, lang, { optLevel: state.optLevel });
  } catch (e) {
    if (seq === compileSeq) $('st-compile').textContent = `compiler: ${e.message}`;
    return;
  }
  if (seq < shownSeq || lang !== state.language) return;  // a newer result is already shown
  shownSeq = seq;
  const t1 = performance.now();
  showCompiled(c);
  const t2 = performance.now();
  metrics.compiles.push({ ok: c.ok, lines: source.getModel().getLineCount(), workerMs: t1 - t0, paneMs: t2 - t1, totalMs: t2 - t0 });
  if (metrics.lastKeyAt) { metrics.keyToPane.push(t2 - metrics.lastKeyAt); metrics.lastKeyAt = 0; }
  $('st-compile').textContent = `compiled in ${(t2 - t0).toFixed(0)} ms`;
  const st = c.stats ?? {};
  $('st-compile').title = `front end ${(st.frontEndMs ?? 0).toFixed(1)} ms · passes ${(st.passesMs ?? 0).toFixed(1)} ms · bytecode ${(st.bytecodeMs ?? 0).toFixed(1)} ms · panes ${(t2 - t1).toFixed(1)} ms`;
  window.__pg.compiled = seq;
}

// Replace a read-only model's text by its changed middle only, so the view keeps its scroll
// position and the unchanged lines are not re-tokenised.
const lastText = new Map();  // what each read-only pane holds (getValue() on 3,000 lines costs)
function updateInPlace(editor, text) {
  const model = editor.getModel();
  const old = lastText.get(editor) ?? model.getValue();
  if (old === text) return;
  lastText.set(editor, text);
  let p = 0;
  const n = Math.min(old.length, text.length);
  while (p < n && old.charCodeAt(p) === text.charCodeAt(p)) ++p;
  let s = 0;
  while (s < n - p && old.charCodeAt(old.length - 1 - s) === text.charCodeAt(text.length - 1 - s)) ++s;
  const start = model.getPositionAt(p), end = model.getPositionAt(old.length - s);
  const top = editor.getScrollTop();
  model.applyEdits([{ range: monaco.Range.fromPositions(start, end), text: text.slice(p, text.length - s) }]);
  editor.setScrollTop(top);
}

function showCompiled(c) {
  lastCompiled = c;
  const model = source.getModel();
  const file = LANGS[state.language].file;
  const sev = (s) => (/warn/i.test(s) ? monaco.MarkerSeverity.Warning : /note|info/i.test(s) ? monaco.MarkerSeverity.Info : monaco.MarkerSeverity.Error);
  const markers = (c.diagnostics ?? []).filter((d) => !d.file || d.file === file).map((d) => {
    const line = Math.max(1, d.line || 1), col = Math.max(1, d.col || 1);
    let endLine = d.endLine || line, endCol = d.endCol || col;
    if (endLine === line && endCol <= col) {  // a point: underline the word there
      const w = model.getWordAtPosition({ lineNumber: Math.min(line, model.getLineCount()), column: col });
      endCol = w ? w.endColumn : col + 1;
    }
    return { startLineNumber: line, startColumn: col, endLineNumber: endLine, endColumn: endCol, message: d.message, severity: sev(d.severity), source: 'viper' };
  });
  const tA = performance.now();
  monaco.editor.setModelMarkers(model, 'viper', markers);
  const errors = markers.filter((m) => m.severity === monaco.MarkerSeverity.Error).length;
  const n = markers.length;
  $('problems').textContent = n ? `${n} problem${n > 1 ? 's' : ''}` : 'no problems';
  $('problems').classList.toggle('bad', errors > 0);
  const tB = performance.now();
  // While the source has errors the IL and bytecode of the last good compile stay, dimmed,
  // so typing through a half-written line does not blank the panes.
  const stale = !c.ok;
  if (!stale) {
    updateInPlace(ilEd, c.il || '');
    updateInPlace(bcEd, c.bytecode || '');
  } else if (!lastText.get(ilEd)) {
    updateInPlace(ilEd, '; no IL yet: the source has errors');
    updateInPlace(bcEd, '; no bytecode yet');
  }
  for (const id of ['ed-il', 'ed-bc']) $(id).closest('.pane').classList.toggle('stale', stale);
  const st = c.stats ?? {};
  const why = `out of date: ${errors} error${errors === 1 ? '' : 's'}`;
  $('il-info').textContent = !stale ? `${st.ilInstructions ?? '?'} instr · ${st.functions ?? '?'} fn` : why;
  $('bc-info').textContent = !stale ? `${st.bytecodeWords ?? '?'} words · ${st.constants ?? 0} const` : why;
  const tC = performance.now();
  buildMapping(c);
  metrics.parts = { markers: tB - tA, texts: tC - tB, mapping: performance.now() - tC };
}

// --- line mapping (Compiler Explorer style bands) --------------------------------------------
const decos = {
  srcBands: source.createDecorationsCollection(), ilBands: ilEd.createDecorationsCollection(), bcBands: bcEd.createDecorationsCollection(),
  srcHl: source.createDecorationsCollection(), ilHl: ilEd.createDecorationsCollection(), bcHl: bcEd.createDecorationsCollection(),
};

// Typing usually changes a constant or a name, not which source line each IL and bytecode
// line comes from: then the bands (which move with the text edits) are still right.
let lastMaps = null;
function sameMap(a, b, keys) {
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; ++i) for (const k of keys) if (a[i][k] !== b[i][k]) return false;
  return true;
}

function buildMapping(c) {
  const file = LANGS[state.language].file;
  const maps = c.ok ? { il: c.ilMap ?? [], bc: c.bytecodeMap ?? [], lang: state.language } : null;
  if (maps && lastMaps && mapping && maps.lang === lastMaps.lang && sameMap(maps.il, lastMaps.il, ['line', 'file'])
      && sameMap(maps.bc, lastMaps.bc, ['line', 'file', 'ilLine'])) {
    highlight(currentSrcLine, false);
    return;
  }
  lastMaps = maps;
  const own = (e) => e && e.line > 0 && (!e.file || e.file === file);
  const srcToIl = new Map(), srcToBc = new Map(), ilToSrc = [], bcToSrc = [];
  if (c.ok) {  // a failed compile has no maps (and the panes show the last good text)
    // A source line of an IL file is its own IL line only when the IL is the source itself;
    // the maps say it either way.
    (c.ilMap ?? []).forEach((e, i) => {
      if (!own(e)) return;
      ilToSrc[i + 1] = e.line;
      if (!srcToIl.has(e.line)) srcToIl.set(e.line, []);
      srcToIl.get(e.line).push(i + 1);
    });
    (c.bytecodeMap ?? []).forEach((e, i) => {
      if (!own(e)) return;
      bcToSrc[i + 1] = e.line;
      if (!srcToBc.has(e.line)) srcToBc.set(e.line, []);
      srcToBc.get(e.line).push(i + 1);
    });
  }
  mapping = { srcToIl, srcToBc, ilToSrc, bcToSrc };
  const band = (line) => `map-${line % BANDS}`;
  const whole = (l, n, cls) => ({ range: new monaco.Range(l, 1, l + n - 1, 1), options: { isWholeLine: true, className: cls, linesDecorationsClassName: `${cls}-gutter` } });
  // One decoration per run of consecutive lines from the same source line (3,000-line panes).
  const runs = (toSrc) => {
    const out = [];
    for (let l = 1; l < toSrc.length; ++l) {
      const s = toSrc[l];
      if (!s) continue;
      let n = 1;
      while (toSrc[l + n] === s) ++n;
      out.push(whole(l, n, band(s)));
      l += n - 1;
    }
    return out;
  };
  const srcLines = new Set([...srcToIl.keys(), ...srcToBc.keys()]);
  decos.srcBands.set([...srcLines].map((l) => whole(l, 1, band(l))));
  decos.ilBands.set(runs(ilToSrc));
  decos.bcBands.set(runs(bcToSrc));
  highlight(currentSrcLine, false);
}

let currentSrcLine = 0;
function highlight(srcLine, reveal = true, from = 'source') {
  currentSrcLine = srcLine;
  if (!mapping || !srcLine) { decos.srcHl.clear(); decos.ilHl.clear(); decos.bcHl.clear(); window.__pg.highlight = null; return; }
  const hl = (l) => ({ range: new monaco.Range(l, 1, l, 1), options: { isWholeLine: true, className: 'map-hl', linesDecorationsClassName: 'map-hl-gutter' } });
  const il = mapping.srcToIl.get(srcLine) ?? [], bc = mapping.srcToBc.get(srcLine) ?? [];
  decos.srcHl.set(il.length || bc.length ? [hl(srcLine)] : []);
  decos.ilHl.set(il.map(hl));
  decos.bcHl.set(bc.map(hl));
  window.__pg.highlight = { source: srcLine, il, bc };
  if (!reveal) return;
  if (from !== 'source') source.revealLineInCenterIfOutsideViewport(srcLine);
  if (from !== 'il' && il.length) ilEd.revealLinesInCenterIfOutsideViewport(il[0], il[il.length - 1]);
  if (from !== 'bc' && bc.length) bcEd.revealLinesInCenterIfOutsideViewport(bc[0], bc[bc.length - 1]);
}

source.onDidChangeCursorPosition((e) => highlight(e.position.lineNumber, true, 'source'));
ilEd.onDidChangeCursorPosition((e) => mapping && highlight(mapping.ilToSrc[e.position.lineNumber] ?? 0, true, 'il'));
bcEd.onDidChangeCursorPosition((e) => mapping && highlight(mapping.bcToSrc[e.position.lineNumber] ?? 0, true, 'bc'));
let hoverLine = 0;
const onMouse = (ed, which) => ed.onMouseMove((e) => {
  const l = e.target.position?.lineNumber ?? 0;
  if (!l || !mapping) return;
  const s = which === 'source' ? l : which === 'il' ? mapping.ilToSrc[l] : mapping.bcToSrc[l];
  if (s && s !== hoverLine) { hoverLine = s; highlight(s, true, which); }
});
onMouse(source, 'source'); onMouse(ilEd, 'il'); onMouse(bcEd, 'bc');

source.onDidChangeModelContent(() => {
  metrics.lastKeyAt ||= performance.now();
  scheduleCompile();
  saveState();
});

// --- running ---------------------------------------------------------------------------------
const out = $('output');
let running = null;   // { handle, t0 }
let pendingInput = null;
let outputChars = 0;      // characters shown
let hiddenChars = 0;      // characters past the cap, counted only
const MAX_SHOWN = 256 * 1024;
const MAX_OUTPUT = 4 * MAX_SHOWN;  // a run that prints more ends with status outputLimit
let pendingOut = '';
let outFrame = 0;
let truncNote = null;

// Output arrives up to ~60 times a second in chunks of up to 64 KiB. It is appended once per
// animation frame into blocks of about BLOCK characters, a new block starting after a
// newline: a change then lays out one block, not the whole console (one <pre> of 256 K
// characters takes about a second to lay out again after every append). The console keeps
// the first MAX_SHOWN characters and counts what it drops; a run ends after MAX_OUTPUT.
const BLOCK = 8192;
let block = null;
function appendOutput(text, cls) {
  if (!text) return;
  if (cls) {
    flushOutput();
    const span = document.createElement('span');
    span.className = cls;
    span.textContent = text;
    (block ?? newBlock()).append(span);
    out.scrollTop = out.scrollHeight;
    return;
  }
  pendingOut += text;
  outFrame ||= requestAnimationFrame(flushOutput);
}

function newBlock() {
  block = document.createElement('div');
  block.className = 'chunk';
  block.size = 0;
  (truncNote ?? null) ? out.insertBefore(block, truncNote) : out.append(block);
  return block;
}

function flushOutput() {
  if (outFrame) cancelAnimationFrame(outFrame);
  outFrame = 0;
  if (!pendingOut) return;
  let text = pendingOut;
  pendingOut = '';
  const room = MAX_SHOWN - outputChars;
  if (text.length > room) {
    hiddenChars += text.length - Math.max(room, 0);
    text = room > 0 ? text.slice(0, room) : '';
  }
  const stick = out.scrollTop + out.clientHeight >= out.scrollHeight - 4;
  if (text) {
    outputChars += text.length;
    const b = block ?? newBlock();
    b.append(text);
    b.size += text.length;
    if (b.size >= BLOCK && text.endsWith('\n')) block = null;
  }
  if (hiddenChars) {
    if (!truncNote) { truncNote = Object.assign(document.createElement('div'), { className: 'sys' }); out.append(truncNote); }
    truncNote.textContent = `[… ${fmt(hiddenChars)} more characters not shown]`;
  }
  if (stick) out.scrollTop = out.scrollHeight;
}

function clearOutput() {
  flushOutput();
  out.replaceChildren();
  outputChars = 0; hiddenChars = 0; truncNote = null; block = null;
}

function ensureNewline() {
  flushOutput();
  const last = block?.textContent ?? '';
  if (last && !last.endsWith('\n')) block.append('\n');
}

function setRunning(on) {
  $('run').disabled = false;
  $('stop').disabled = !on;
  document.body.classList.toggle('is-running', on);
}

function status(text) { $('st-state').textContent = text; }
const fmt = (n) => Number(n ?? 0).toLocaleString('en-US');

async function run({ maxSteps = state.maxSteps } = {}) {
  if (running) await stop();
  clearOutput();
  $('continue').hidden = true;
  $('st-exit').textContent = '';
  $('st-steps').textContent = '';
  $('st-time').textContent = '';
  const lang = state.language;
  const t0 = performance.now();
  status('Running…');
  setRunning(true);
  // On a phone the console is below the three panes: bring it into view.
  if (matchMedia('(max-width: 600px)').matches) $('console').scrollIntoView({ block: 'nearest' });
  const me = {};
  const handle = getRunner().run({
    sources: { [LANGS[lang].file]: source.getValue() }, language: lang, optLevel: state.optLevel, stdin: $('stdin').value,
    ...(Number.isFinite(maxSteps) ? { maxSteps } : {}),
    maxOutput: MAX_OUTPUT,
  }, {
    onOutput: (t) => appendOutput(t),
    onInput: () => new Promise((resolve) => {
      flushOutput();
      pendingInput = (v) => { pendingInput = null; $('input-form').hidden = true; resolve(v); };
      $('input-form').hidden = false;
      status('Waiting for input…');
      $('input-field').focus();
    }),
  });
  me.handle = handle; me.t0 = t0; me.maxSteps = maxSteps;
  window.__pg.lastMaxSteps = maxSteps;
  running = me;
  window.__pg.runs = (window.__pg.runs ?? 0) + 1;
  const timer = setInterval(() => { if (running === me) $('st-time').textContent = `${((performance.now() - t0) / 1000).toFixed(1)} s`; }, 250);
  const end = await handle.done;
  clearInterval(timer);
  if (pendingInput) pendingInput(null);
  $('input-form').hidden = true;
  if (running === me) running = null;
  setRunning(!!running);
  finish(end, me, performance.now() - t0);
  return end;
}

function finish(end, me, wallMs) {
  window.__pg.lastRun = end;
  ensureNewline();
  // web/ currently reports 0 units for a run that ends inside its first slice: say nothing then.
  $('st-steps').textContent = end.steps ? `${fmt(end.steps)} units of work` : '';
  $('st-time').textContent = `${(end.ms ?? wallMs).toFixed(1)} ms`;
  $('st-exit').textContent = end.exitCode !== undefined ? `exit ${end.exitCode}` : '';
  $('st-exit').className = end.exitCode ? 'bad' : 'good';
  const limit = Number.isFinite(me.maxSteps) ? fmt(me.maxSteps) : 'no';
  switch (end.status) {
    case 'done': status('Finished'); appendOutput(`[exited with code ${end.exitCode}]\n`, 'sys'); break;
    case 'compileError': status('Compile error'); appendOutput('[the program did not compile: see the problems in the source]\n', 'err'); break;
    case 'stopped': status('Stopped'); appendOutput('[stopped]\n', 'sys'); break;
    case 'killed': status('Stopped (worker restarted)'); appendOutput(`[stopped: ${end.error}]\n`, 'sys'); break;
    case 'stepLimit':
      status(`Step limit reached (${limit})`);
      appendOutput(`[stopped after ${limit} units of work: the step limit]\n`, 'sys');
      $('continue').hidden = false;
      break;
    case 'outputLimit': status('Output limit'); appendOutput(`[stopped: more than ${fmt(MAX_OUTPUT)} characters of output]\n`, 'err'); break;
    case 'trap': {
      status('Trap');
      const t = end.trap ?? {};
      const line = document.createElement('span');
      line.className = 'err';
      line.append(`${t.text || t.message || 'trap'}`.trimEnd());
      if (t.line > 0 && (!t.file || t.file === LANGS[state.language].file)) {
        line.append(' ');
        const a = document.createElement('a');
        a.href = '#';
        a.className = 'trap-link';
        a.textContent = `→ line ${t.line}${t.col ? `:${t.col}` : ''}`;
        a.addEventListener('click', (e) => {
          e.preventDefault();
          source.setPosition({ lineNumber: t.line, column: t.col || 1 });
          source.revealLineInCenter(t.line);
          source.focus();
        });
        line.append(a);
      }
      line.append('\n');
      (block ?? newBlock()).append(line);
      break;
    }
    default: status(end.status); appendOutput(`[${end.status}${end.error ? `: ${end.error}` : ''}]\n`, 'err');
  }
  out.scrollTop = out.scrollHeight;
}

async function stop() {
  const me = running;
  if (!me) return;
  if (pendingInput) pendingInput(null);
  await me.handle.stop();
}

$('input-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const v = $('input-field').value;
  $('input-field').value = '';
  flushOutput();
  appendOutput(`${v}\n`, 'echo');
  status('Running…');
  pendingInput?.(`${v}\n`);
});
$('input-field').addEventListener('keydown', (e) => {
  if (e.key === 'd' && e.ctrlKey) { e.preventDefault(); pendingInput?.(null); }
});
$('eof').addEventListener('click', () => pendingInput?.(null));
$('run').addEventListener('click', () => run());
$('stop').addEventListener('click', () => stop());
$('share').addEventListener('click', () => share());
$('clear').addEventListener('click', clearOutput);
$('continue').addEventListener('click', () => {
  const next = Math.min((running?.maxSteps ?? window.__pg.lastMaxSteps ?? state.maxSteps) * 10, 1e12);
  run({ maxSteps: next });
});
$('limit').addEventListener('change', () => { state.maxSteps = Number($('limit').value); saveState(); });
$('opt').addEventListener('change', () => { state.optLevel = Number($('opt').value); saveState(); compileNow(); });

// --- share and persistence ---------------------------------------------------------------------
function snapshot() {
  return { v: 1, l: state.language, s: source.getValue(), i: $('stdin').value, o: { maxSteps: state.maxSteps, optLevel: state.optLevel }, e: state.example };
}
function restore(st) {
  if (!st || !LANGS[st.l]) return false;
  setLanguage(st.l, { keepSource: true });
  source.setValue(st.s ?? '');
  $('stdin').value = st.i ?? '';
  state.stdin = st.i ?? '';
  state.example = st.e ?? '';
  $('examples').value = examples[st.l].some((e) => e.name === st.e && e.source === st.s) ? st.e : '';
  state.optLevel = st.o?.optLevel === 0 ? 0 : 1;  // links from before the choice existed: -O1
  $('opt').value = String(state.optLevel);
  const ms = st.o?.maxSteps;
  if (ms === null || ms === Infinity || Number.isFinite(ms)) {
    state.maxSteps = ms ?? Infinity;
    $('limit').value = String(state.maxSteps);
    if ($('limit').value !== String(state.maxSteps)) {
      $('limit').append(new Option(fmt(state.maxSteps), String(state.maxSteps)));
      $('limit').value = String(state.maxSteps);
    }
  }
  return true;
}
const encode = (st) => LZString.compressToEncodedURIComponent(JSON.stringify(st, (k, v) => (v === Infinity ? null : v)));
function decodeHash(hash) {
  const m = /^#code\/(.+)$/.exec(hash);
  if (!m) return null;
  try { return JSON.parse(LZString.decompressFromEncodedURIComponent(m[1]) ?? 'null'); } catch { return null; }
}

async function share() {
  const url = `${location.origin}${location.pathname}#code/${encode(snapshot())}`;
  history.replaceState(null, '', url);
  window.__pg.sharedUrl = url;
  let copied = false;
  try { await navigator.clipboard.writeText(url); copied = true; } catch { /* no permission: the URL bar has it */ }
  toast(copied ? 'Link copied to the clipboard' : 'Link is in the address bar');
}

let saveTimer = 0;
function saveState() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    const st = snapshot();
    try { localStorage.setItem(STORE_KEY, JSON.stringify(st)); } catch { /* quota */ }
    // A shared link in the address bar that no longer matches the program would bring the
    // old program back on reload: drop it (Share writes a new one).
    if (location.hash.startsWith('#code/') && location.hash !== `#code/${encode(st)}`) history.replaceState(null, '', location.pathname + location.search);
  }, 300);
}
$('stdin').addEventListener('input', saveState);

let toastTimer = 0;
function toast(text) {
  const t = $('toast');
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.hidden = true; }, 2500);
}

// --- keyboard ----------------------------------------------------------------------------------
source.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => run());
source.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => share());
for (const ed of [ilEd, bcEd]) {
  ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => run());
  ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => share());
}
document.addEventListener('keydown', (e) => {
  const mod = e.ctrlKey || e.metaKey;
  if (mod && e.key === 'Enter') { e.preventDefault(); run(); return; }
  if (mod && (e.key === 's' || e.key === 'S')) { e.preventDefault(); share(); return; }
  if (e.key === 'Escape' && running && !$('help-dialog').open) { e.preventDefault(); stop(); return; }
  const t = e.target;
  const typing = t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement || t.closest?.('.monaco-editor');
  if (e.key === '?' && !typing) { e.preventDefault(); $('help-dialog').showModal(); }
});
// Escape inside the source editor also stops a run (Monaco would swallow it otherwise).
source.onKeyDown((e) => { if (e.keyCode === monaco.KeyCode.Escape && running) { stop(); } });
$('help').addEventListener('click', () => $('help-dialog').showModal());
$('language').addEventListener('change', () => { setLanguage($('language').value); });
$('examples').addEventListener('change', () => { if ($('examples').value) loadExample($('examples').value); });

// --- start ----------------------------------------------------------------------------------
window.__pg = { monaco, source, il: ilEd, bc: bcEd, metrics, ready: false, run, stop, share, compiled: 0, examples, state, workers: { compiler, get runner() { return runner; } } };
{
  const fromHash = decodeHash(location.hash);
  let saved = null;
  try { saved = JSON.parse(localStorage.getItem(STORE_KEY) ?? 'null'); } catch { /* ignore */ }
  if (!restore(fromHash) && !restore(saved)) { setLanguage('zia'); loadExample('hello'); }
}
status('Loading the compiler…');
compiler.ready.then((version) => {
  status(`Ready · Viper ${version}`);
  window.__pg.ready = true;
  window.__pg.version = version;
  setTimeout(getRunner, 0);
}, (e) => status(`The compiler did not load: ${e.message}`));
setRunning(false);
compileNow();
