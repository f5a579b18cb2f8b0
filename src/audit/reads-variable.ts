/**
 * Does this text read the environment variable `name` — the shapes `leakguard migrate` writes and
 * their everyday hand-written equivalents: `get_secret("HF_TOKEN")`, `os.environ["HF_TOKEN"]`,
 * `os.getenv('HF_TOKEN')`, `process.env.HF_TOKEN`, `${HF_TOKEN:?…}`, `$HF_TOKEN`,
 * `${{ secrets.HF_TOKEN }}`. A bare mention (`HF_TOKEN = ""`) does not count.
 */
export function readsVariable(text: string, name: string): boolean {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || !text.includes(name)) return false;
  const quoted = `["'\`]${name}["'\`]`;
  const patterns = [
    `(?:get_secret|getSecret|getenv|environ\\.get|env\\.get)\\s*\\(\\s*${quoted}`,
    `environ\\s*\\[\\s*${quoted}`,
    `process\\.env\\.${name}\\b`,
    `process\\.env\\[\\s*${quoted}`,
    `\\$\\{\\{\\s*secrets\\.${name}\\s*\\}\\}`,
    `\\$\\{${name}(?:[:?}=+-])`,
    `\\$${name}\\b`,
  ];
  return new RegExp(patterns.join('|')).test(text);
}
