// scripts/gen.mjs: the tables come from the toolchain's own sources, complete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const here = import.meta.dirname;
const root = path.resolve(here, '../..');
execFileSync(process.execPath, [path.join(here, '../scripts/gen.mjs')]);
const gen = (f) => JSON.parse(readFileSync(path.join(here, '../src/generated', f), 'utf8'));

test('every bytecode and IL opcode has a hover entry', () => {
  const { bc, il } = gen('opcodes.json');
  const bcDef = readFileSync(path.join(root, 'vm/bytecode/opcodes.def'), 'utf8');
  const bcNames = [...bcDef.matchAll(/^BC_OP\(\s*(\w+)/gm)].map((m) => m[1]);
  assert.deepEqual(Object.keys(bc), bcNames);
  for (const n of bcNames) assert.ok(bc[n].doc, n);
  const ilDef = readFileSync(path.join(root, 'vm/il/opcodes.def'), 'utf8');
  const ilNames = [...ilDef.matchAll(/^IL_OPCODE\(\s*\w+\s*,\s*"([^"]+)"/gm)].map((m) => m[1]);
  assert.deepEqual(Object.keys(il), ilNames);
  for (const n of ilNames) assert.ok(il[n].doc || il[n].shapeDoc, n);
});

test('at least 12 examples per language, each a golden test with its expected output', () => {
  const ex = gen('examples.json');
  for (const lang of ['zia', 'basic', 'il']) {
    assert.ok(ex[lang].length >= 12, `${lang}: ${ex[lang].length}`);
    for (const e of ex[lang]) {
      assert.ok(e.source.length > 0, e.name);
      assert.ok(e.expected.length > 0 || e.exit !== 0, `${lang}/${e.name} has a .out`);
    }
  }
});

test('Zia keywords come from the lexer', () => {
  const { zia } = gen('keywords.json');
  for (const k of ['func', 'var', 'while', 'return', 'class', 'bind']) assert.ok(zia.includes(k), k);
});
