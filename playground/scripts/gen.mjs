// Build-time generation (run by `npm run build` before Vite): reads the repository's own
// tables so the playground cannot drift from the toolchain.
//   src/generated/examples.json  examples per language, read from native-tests/golden/<lang>/
//                                (each example is a golden test: <name>.<ext> + .out [+ .in])
//   src/generated/opcodes.json   bytecode opcode docs (vm/bytecode/opcodes.def) and IL opcode
//                                meanings (vm/il/opcodes.def), for the hovers
//   src/generated/keywords.json  Zia keywords (the lexer's kKeywords table)
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const out = path.resolve(here, '../src/generated');
mkdirSync(out, { recursive: true });

// --- examples: the order here is the order of the Examples menu -------------------------
const EXAMPLES = {
  zia: ['hello', 'fizzbuzz', 'hanoi', 'ackermann', 'recursion_fib', 'sieve', 'class_counter', 'class_linked_list',
    'list_basics', 'list_lambdas', 'string_split', 'word_count', 'ternary', 'readline', 'div_zero'],
  basic: ['hello', 'fizzbuzz', 'collatz', 'bubble_sort', 'sieve', 'gcd_lcm', 'recursion', 'select_case',
    'strings_basic', 'string_functions_chain', 'do_loops', 'sub_basic', 'function_basic', 'input_string',
    'try_catch', 'trap_div_zero'],
  il: ['hello', 'fib', 'loop_sum', 'sieve', 'strings_basic', 'string_build', 'arrays', 'switch', 'objects',
    'globals', 'math', 'input_echo', 'eh_trap_err', 'trap_divzero'],
};
const EXT = { zia: 'zia', basic: 'bas', il: 'il' };
const read = (p) => (existsSync(p) ? readFileSync(p, 'utf8') : null);
const examples = {};
for (const [lang, names] of Object.entries(EXAMPLES)) {
  examples[lang] = names.map((name) => {
    const base = path.join(root, 'native-tests/golden', lang, name);
    const source = read(`${base}.${EXT[lang]}`);
    if (source == null) throw new Error(`gen: missing golden example ${base}.${EXT[lang]}`);
    return { name, file: `${name}.${EXT[lang]}`, source, stdin: read(`${base}.in`) ?? '', expected: read(`${base}.out`) ?? '',
      exit: Number((read(`${base}.exit`) ?? '0').trim()) };
  });
}
writeFileSync(path.join(out, 'examples.json'), JSON.stringify(examples));

// --- opcodes ------------------------------------------------------------------------------
const bc = {};
for (const m of readFileSync(path.join(root, 'vm/bytecode/opcodes.def'), 'utf8')
  .matchAll(/^BC_OP\(\s*(\w+)\s*,\s*(\w+)\s*,\s*([^,]+?)\s*,\s*"((?:[^"\\]|\\.)*)"\s*\)/gm))
  bc[m[1]] = { format: m[2], flags: m[3].trim(), doc: m[4].replace(/\\"/g, '"') };

// IL: the mnemonic, its operand shape (described below) and the table's trailing comment.
const SHAPES = {
  WrapBin: 'integer binary operation, wrapping', CheckedBin: 'integer binary operation that traps when the result does not fit',
  BitBin: 'bitwise binary operation', FloatBin: 'floating-point binary operation', ICmp: 'integer comparison, yields i1',
  FCmp: 'floating-point comparison, yields i1', IdxChk: 'index check', Convert: 'conversion between types',
  Alloca: 'reserves stack memory in the frame', Gep: 'pointer plus a byte offset', Load: 'reads memory', Store: 'writes memory',
  GlobalRef: 'the address of a global or a string constant', NoOperand: 'no operands', ConstF64: 'a floating-point constant',
  Call: 'direct call', CallIndirect: 'call through a function pointer', Switch: 'multi-way branch on an integer',
  Br: 'unconditional branch (with block arguments)', Cbr: 'conditional branch on an i1', Ret: 'returns from the function',
  ErrQuery: 'reads a field of the current error', TrapFromErr: 'raises a trap of an error kind', TrapErr: 'raises an error',
  EhPush: 'installs an exception handler block', Resume: 'resumes after a handled error', ResumeLabel: 'resumes at a label',
  Select: 'chooses between two values on an i1',
};
const il = {};
for (const line of readFileSync(path.join(root, 'vm/il/opcodes.def'), 'utf8').split('\n')) {
  const m = line.match(/^IL_OPCODE\(\s*(\w+)\s*,\s*"([^"]+)"\s*,\s*(\w+)\s*,\s*(true|false)\s*\)\s*(?:\/\/\s*(.*))?$/);
  if (!m) continue;
  const [, name, mnemonic, shape, term, comment] = m;
  il[mnemonic] = { name, shape, terminator: term === 'true', doc: comment?.trim() || '', shapeDoc: SHAPES[shape] ?? '' };
}
writeFileSync(path.join(out, 'opcodes.json'), JSON.stringify({ bc, il }));

// --- Zia keywords from the lexer ------------------------------------------------------------
const lexer = readFileSync(path.join(root, 'vm/frontends/zia/lexer.cpp'), 'utf8');
const kw = lexer.match(/kKeywords\s*=\s*\{([^}]*)\}/);
const zia = kw ? [...kw[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]) : [];
if (!zia.length) throw new Error('gen: cannot find kKeywords in the Zia lexer');
writeFileSync(path.join(out, 'keywords.json'), JSON.stringify({ zia }));

console.log(`gen: ${Object.entries(examples).map(([l, e]) => `${e.length} ${l}`).join(', ')} examples; ` +
  `${Object.keys(bc).length} bytecode and ${Object.keys(il).length} IL opcodes; ${zia.length} Zia keywords`);
