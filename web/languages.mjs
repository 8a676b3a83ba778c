// File extension -> language name, for the CLIs only (the API always takes a language).
// The same rule as driver::languageForPath: case-insensitive suffix, IL when none matches.
// Zia's extension is listed ahead of its front end; compiling it before the front end
// lands is an "unknown language" diagnostic from the module, as the native build gives.
const EXTENSIONS = [
  ['.il', 'il'],
  ['.bas', 'basic'],
  ['.zia', 'zia'],
];

export function languageForPath(path) {
  const lower = path.toLowerCase();
  for (const [ext, name] of EXTENSIONS) if (lower.endsWith(ext)) return name;
  return 'il';
}
