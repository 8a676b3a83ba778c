// Monarch tokenizers, language configurations and opcode hovers for Zia, BASIC, Viper IL and
// the bytecode listing (`viper bc`). Zia's keywords and both opcode tables are generated from
// the toolchain's sources at build time (scripts/gen.mjs).
import keywords from './generated/keywords.json';
import opcodes from './generated/opcodes.json';

const BRACKETS = [['{', '}'], ['[', ']'], ['(', ')']];
const PAIRS = [
  { open: '{', close: '}' }, { open: '[', close: ']' }, { open: '(', close: ')' },
  { open: '"', close: '"', notIn: ['string', 'comment'] },
];

const zia = {
  defaultToken: '',
  keywords: keywords.zia,
  typeKeywords: ['Integer', 'Number', 'Boolean', 'String', 'List', 'Map', 'Byte', 'Int', 'Float', 'Bool', 'Str'],
  operators: /[=<>!~?:&|+\-*\/\^%.]+/,
  tokenizer: {
    root: [
      [/[a-zA-Z_]\w*/, { cases: { '@keywords': 'keyword', '@typeKeywords': 'type', '[A-Z]\\w*': 'type.identifier', '@default': 'identifier' } }],
      { include: '@whitespace' },
      [/[{}()\[\]]/, '@brackets'],
      [/\d+\.\d*([eE][-+]?\d+)?/, 'number.float'],
      [/0[xX][0-9a-fA-F_]+/, 'number.hex'],
      [/0[bB][01_]+/, 'number.binary'],
      [/\d[\d_]*/, 'number'],
      [/"/, 'string', '@string'],
      [/'[^'\\]'|'\\.'/, 'string'],
      [/\.\.=?/, 'operator'],
      [/@operators/, 'operator'],
      [/[;,]/, 'delimiter'],
    ],
    whitespace: [
      [/\s+/, 'white'],
      [/\/\*/, 'comment', '@comment'],
      [/\/\/.*$/, 'comment'],
    ],
    comment: [[/[^/*]+/, 'comment'], [/\*\//, 'comment', '@pop'], [/[/*]/, 'comment']],
    string: [
      [/\$\{/, { token: 'delimiter.bracket', next: '@interp' }],
      [/[^\\"$]+/, 'string'],
      [/\\./, 'string.escape'],
      [/\$/, 'string'],
      [/"/, 'string', '@pop'],
    ],
    interp: [[/\}/, { token: 'delimiter.bracket', next: '@pop' }], { include: 'root' }],
  },
};

const basic = {
  defaultToken: '',
  ignoreCase: true,
  keywords: ['AND', 'ANDALSO', 'AS', 'BOOLEAN', 'BYREF', 'BYVAL', 'CALL', 'CASE', 'CATCH', 'CLS', 'COLOR', 'CONST', 'DIM',
    'DO', 'DOUBLE', 'EACH', 'ELSE', 'ELSEIF', 'END', 'EXIT', 'FALSE', 'FINALLY', 'FOR', 'FUNCTION', 'GOSUB', 'GOTO', 'IF',
    'IN', 'INPUT', 'INTEGER', 'IS', 'LET', 'LINE', 'LOCATE', 'LONG', 'LOOP', 'MOD', 'NEXT', 'NOT', 'OR', 'ORELSE', 'PRINT',
    'RANDOMIZE', 'REDIM', 'REM', 'RETURN', 'SELECT', 'SHARED', 'SINGLE', 'STATIC', 'STEP', 'STRING', 'SUB', 'THEN', 'TO',
    'TRUE', 'TRY', 'UNTIL', 'WEND', 'WHILE', 'XOR', 'BEEP', 'SWAP', 'ERASE', 'OPTION', 'BASE', 'THROW'],
  tokenizer: {
    root: [
      [/^\s*\d+/, 'number.line'],
      [/\bREM\b.*$/, 'comment'],
      [/'.*$/, 'comment'],
      [/[a-zA-Z_]\w*[$%&!#]?/, { cases: { '@keywords': 'keyword', '@default': 'identifier' } }],
      [/\s+/, 'white'],
      [/[()]/, '@brackets'],
      [/&[hH][0-9a-fA-F]+|&[bB][01]+|&[oO][0-7]+/, 'number.hex'],
      [/\d*\.\d+([eE][-+]?\d+)?[!#]?|\d+[eE][-+]?\d+[!#]?/, 'number.float'],
      [/\d+[%&!#]?/, 'number'],
      [/"[^"]*"/, 'string'],
      [/[=<>+\-*\/\\^]/, 'operator'],
      [/[;,:]/, 'delimiter'],
    ],
  },
};

const ilOps = Object.keys(opcodes.il);
const il = {
  defaultToken: '',
  opcodes: ilOps,
  keywords: ['il', 'func', 'extern', 'global', 'const', 'target'],
  types: ['i1', 'i16', 'i32', 'i64', 'f64', 'ptr', 'str', 'void', 'error', 'resumetok'],
  tokenizer: {
    root: [
      [/;.*$/, 'comment'],
      [/\/\/.*$/, 'comment'],
      [/\.loc\b.*$/, 'annotation'],
      [/^\s*[A-Za-z_][\w.$]*(?=\s*[(:])/, 'type.identifier'],   // block label
      [/@[\w.$]+/, 'function'],
      [/%[\w.$]+/, 'variable'],
      [/[A-Za-z_][\w.]*/, { cases: { '@opcodes': 'keyword', '@keywords': 'keyword.control', '@types': 'type', '@default': 'identifier' } }],
      [/-?\d+\.\d+([eE][-+]?\d+)?/, 'number.float'],
      [/-?\d+/, 'number'],
      [/"/, 'string', '@string'],
      [/[{}()\[\]]/, '@brackets'],
      [/->|[=,:*]/, 'delimiter'],
      [/\s+/, 'white'],
    ],
    string: [[/[^\\"]+/, 'string'], [/\\./, 'string.escape'], [/"/, 'string', '@pop']],
  },
};

const bcOps = Object.keys(opcodes.bc);
const bytecode = {
  defaultToken: '',
  opcodes: bcOps,
  tokenizer: {
    root: [
      [/^func\b/, 'keyword.control', '@funcline'],
      [/;.*$/, 'comment'],
      [/^\s*\d{4}\b/, 'number.address'],
      [/^\s*[A-Za-z_][\w.$]*:/, 'type.identifier'],
      [/K\d+(?==)/, 'constant'],
      [/"/, 'string', '@string'],
      [/@[\w.$]+/, 'function'],
      [/\br\d+\b/, 'variable'],
      [/->\s*\d+/, 'number.target'],
      [/[A-Z][A-Z0-9_]*/, { cases: { '@opcodes': 'keyword', '@default': 'identifier' } }],
      [/-?\d+(\.\d+)?/, 'number'],
      [/[,=]/, 'delimiter'],
      [/\s+/, 'white'],
    ],
    funcline: [[/@[\w.$]+/, 'function'], [/;.*$/, 'comment', '@pop'], [/$/, '', '@pop'], [/./, '']],
    string: [[/[^\\"]+/, 'string'], [/\\./, 'string.escape'], [/"/, 'string', '@pop']],
  },
};

function esc(s) { return s.replace(/[\\`*_{}\[\]<>()#+\-.!|]/g, '\\$&'); }

export function registerLanguages(monaco) {
  const L = monaco.languages;
  const reg = (id, ext, monarch, conf) => {
    L.register({ id, extensions: ext });
    L.setMonarchTokensProvider(id, monarch);
    L.setLanguageConfiguration(id, conf);
  };
  reg('zia', ['.zia'], zia, {
    comments: { lineComment: '//', blockComment: ['/*', '*/'] },
    brackets: BRACKETS, autoClosingPairs: PAIRS, surroundingPairs: PAIRS,
    indentationRules: { increaseIndentPattern: /^.*\{[^}"']*$/, decreaseIndentPattern: /^\s*\}/ },
    folding: { markers: { start: /^\s*\/\/\s*#region\b/, end: /^\s*\/\/\s*#endregion\b/ } },
  });
  const basicOpen = /^\s*(\d+\s+)?((IF\b.*\bTHEN\s*('.*)?$)|ELSE\b|ELSEIF\b|FOR\b|WHILE\b|DO\b|SELECT\b|CASE\b|SUB\b|FUNCTION\b|TRY\b|CATCH\b|FINALLY\b)/i;
  const basicClose = /^\s*(\d+\s+)?(END\s+(IF|SUB|FUNCTION|SELECT|TRY)\b|NEXT\b|WEND\b|LOOP\b|ELSE\b|ELSEIF\b|CASE\b|CATCH\b|FINALLY\b)/i;
  reg('basic', ['.bas'], basic, {
    comments: { lineComment: "'" },
    brackets: [['(', ')']], autoClosingPairs: [{ open: '(', close: ')' }, { open: '"', close: '"', notIn: ['string'] }],
    indentationRules: { increaseIndentPattern: basicOpen, decreaseIndentPattern: basicClose },
    // Folding by indentation suits BASIC blocks (off-side like, END X / NEXT / WEND close them).
    folding: { offSide: false },
  });
  reg('il', ['.il'], il, {
    comments: { lineComment: ';' },
    brackets: BRACKETS, autoClosingPairs: PAIRS, surroundingPairs: PAIRS,
    wordPattern: /[%@]?[A-Za-z_][\w.$]*|-?\d+(\.\d+)?/,
    indentationRules: { increaseIndentPattern: /^.*\{\s*$|^\s*[A-Za-z_][\w.$]*(\([^)]*\))?:\s*$/, decreaseIndentPattern: /^\s*\}/ },
  });
  reg('viper-bc', [], bytecode, {
    comments: { lineComment: ';' },
    brackets: [],
    wordPattern: /[A-Za-z_][\w.$]*|-?\d+/,
    // Folding by indentation: the instructions are indented under their labels.
  });

  // Opcode hovers from the generated tables.
  L.registerHoverProvider('viper-bc', {
    provideHover(model, pos) {
      const w = model.getWordAtPosition(pos);
      const op = w && opcodes.bc[w.word];
      if (!op) return null;
      return {
        range: new monaco.Range(pos.lineNumber, w.startColumn, pos.lineNumber, w.endColumn),
        contents: [{ value: `**${w.word}** \`${op.format}\`${op.flags && op.flags !== '0' ? ` · ${op.flags}` : ''}` },
          { value: esc(op.doc) }],
      };
    },
  });
  L.registerHoverProvider('il', {
    provideHover(model, pos) {
      const w = model.getWordAtPosition(pos);
      const op = w && opcodes.il[w.word];
      if (!op) return null;
      const lines = [op.doc, op.shapeDoc && `${op.shape}: ${op.shapeDoc}`, op.terminator && 'ends its block'].filter(Boolean);
      return {
        range: new monaco.Range(pos.lineNumber, w.startColumn, pos.lineNumber, w.endColumn),
        contents: [{ value: `**${w.word}**` }, { value: esc(lines.join('. ')) }],
      };
    },
  });
}

export const THEMES = {
  light: {
    base: 'vs', inherit: true,
    rules: [
      { token: 'keyword', foreground: '7c3aed' }, { token: 'keyword.control', foreground: 'b4237a' },
      { token: 'type', foreground: '0f766e' }, { token: 'type.identifier', foreground: '0369a1' },
      { token: 'function', foreground: 'a16207' }, { token: 'variable', foreground: '1d4ed8' },
      { token: 'number', foreground: 'c2410c' }, { token: 'string', foreground: '15803d' },
      { token: 'comment', foreground: '8a8f98', fontStyle: 'italic' }, { token: 'annotation', foreground: 'a3a8b0', fontStyle: 'italic' },
      { token: 'constant', foreground: 'be123c' },
    ],
    colors: { 'editor.background': '#fbfbfd', 'editorLineNumber.foreground': '#b5b9c2', 'editor.lineHighlightBackground': '#f1f2f6' },
  },
  dark: {
    base: 'vs-dark', inherit: true,
    rules: [
      { token: 'keyword', foreground: 'c4a5ff' }, { token: 'keyword.control', foreground: 'f472b6' },
      { token: 'type', foreground: '5eead4' }, { token: 'type.identifier', foreground: '7dd3fc' },
      { token: 'function', foreground: 'fcd34d' }, { token: 'variable', foreground: '93c5fd' },
      { token: 'number', foreground: 'fdba74' }, { token: 'string', foreground: '86efac' },
      { token: 'comment', foreground: '6b7280', fontStyle: 'italic' }, { token: 'annotation', foreground: '5b6270', fontStyle: 'italic' },
      { token: 'constant', foreground: 'fda4af' },
    ],
    colors: { 'editor.background': '#16181d', 'editorLineNumber.foreground': '#4b5060', 'editor.lineHighlightBackground': '#1f2229' },
  },
};
