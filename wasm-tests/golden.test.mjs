// The golden corpus through the WebAssembly API, judged by native-tests/golden/rules.json
// (the same file the native runner reads): every program, every engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { goldenDir, rules, viper, compileAndRun, knownDifferences } from './helpers.mjs';
import { SLICE_BUDGET } from '../web/slice.mjs';

// The rule names this runner implements; a rules.json naming another fails here.
const known = { stdout: 'equal', exit: 'integer', stderr: 'contains-trimmed', stdin: 'text-then-eof', args: 'lines' };

test('rules.json names only rules this runner implements', () => {
  assert.deepEqual(Object.keys(rules.sidecars).sort(), Object.keys(known).sort());
  for (const [role, how] of Object.entries(known)) assert.equal(rules.sidecars[role].compare ?? rules.sidecars[role].use, how, role);
  assert.equal(rules.environment, 'empty');
  assert.ok(rules.languages.length >= 2 && rules.engines.length >= 2);
});

// Sidecars as bytes: the program's output and input are bytes, not necessarily UTF-8.
function sidecar(base, role) {
  const s = rules.sidecars[role];
  const f = base + s.ext;
  return existsSync(f) ? readFileSync(f) : Buffer.from(s.absent);
}


// getline semantics: a final newline ends the last line rather than adding an empty one.
function lines(text) {
  const out = text.split('\n');
  if (out.length && out[out.length - 1] === '') out.pop();
  return out;
}

// A multi-file program (rules.multiFile): every file under `dir` ending in `ext`, by its
// path relative to `dir`.
function sourcesUnder(dir, ext, prefix = '') {
  const out = {};
  for (const f of readdirSync(`${dir}/${prefix}`).sort()) {
    const rel = prefix + f;
    if (statSync(`${dir}/${rel}`).isDirectory()) Object.assign(out, sourcesUnder(dir, ext, `${rel}/`));
    else if (f.endsWith(ext)) out[rel] = new Uint8Array(readFileSync(`${dir}/${rel}`));
  }
  return out;
}

for (const lang of rules.languages) {
  const dir = `${goldenDir}/${lang.dir}`;
  if (!existsSync(dir)) continue;
  const main = rules.multiFile.main + lang.ext;
  const programs = readdirSync(dir).filter((f) => f.endsWith(lang.ext) || existsSync(`${dir}/${f}/${main}`)).sort();
  for (const entry of programs) {
    const multi = !entry.endsWith(lang.ext);
    const file = multi ? `${entry}/${main}` : entry;
    const base = `${dir}/${file.slice(0, -lang.ext.length)}`;
    for (const engine of rules.engines) {
      const todo = knownDifferences[`${lang.dir}/${file}`];
      test(`golden ${lang.dir}/${file} on ${engine}`, todo ? { todo } : {}, async () => {
        const v = await viper();
        const sources = multi ? sourcesUnder(`${dir}/${entry}`, lang.ext) : { [file]: new Uint8Array(readFileSync(`${dir}/${file}`)) };
        const r = compileAndRun(v, sources, lang.language, {
          engine,
          env: {},
          args: lines(sidecar(base, 'args').toString()),
          stdin: new Uint8Array(sidecar(base, 'stdin')),
          stdinClosed: true,
        }, { slice: SLICE_BUDGET }, { mainFile: multi ? main : file });
        const want = sidecar(base, 'stdout');
        if (!r.outputBytes.equals(want)) assert.equal(r.outputBytes.toString('latin1'), want.toString('latin1'), `stderr: ${r.stderr}`);
        assert.equal(r.exitCode, parseInt(sidecar(base, 'exit').toString().trim(), 10), `stderr: ${r.stderr}`);
        const err = sidecar(base, 'stderr').toString().replace(/\n+$/, '');
        if (err) assert.ok(r.stderr.includes(err), `expected in stderr: ${err}\nstderr: ${r.stderr}`);
        else assert.equal(r.stderr, '');
        assert.equal(v.restarts, 0, 'the module never restarts');
      });
    }
  }
}
