// File extension -> language name, for the CLIs only (the API always takes a language).
// The same rule as driver::languageForPath (its registry's extensions): case-insensitive
// suffix, IL when none matches. GoldenRules.AreKnown and the CLI tests catch a drift.
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
