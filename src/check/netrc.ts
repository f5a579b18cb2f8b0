/**
 * Reads `~/.netrc` the way Python's `netrc` module does (which is what `wandb login` writes and
 * reads): whitespace-separated tokens, `machine NAME` / `default` entries with `login`,
 * `password` and `account`, `#` comments, double-quoted tokens, and `macdef` bodies skipped.
 */

export interface NetrcEntry {
  /** `undefined` for the `default` entry. */
  machine: string | undefined;
  login?: string;
  password?: string;
  account?: string;
}

export function parseNetrc(text: string): NetrcEntry[] {
  const tokens = tokenize(text.replace(/\r\n?/g, '\n'));
  const entries: NetrcEntry[] = [];
  let current: NetrcEntry | undefined;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (token === 'machine' || token === 'default') {
      current = { machine: token === 'machine' ? tokens[++index] : undefined };
      entries.push(current);
    } else if ((token === 'login' || token === 'password' || token === 'account') && current) {
      const value = tokens[++index];
      if (value !== undefined) current[token] = value;
    }
  }
  return entries;
}

/**
 * The password stored for `machine`. The `default` entry is deliberately not consulted: the
 * generated resolvers only read the provider's own machine entry, and `check` mirrors them.
 */
export function netrcPassword(entries: readonly NetrcEntry[], machine: string): string | undefined {
  return entries.find((candidate) => candidate.machine === machine && candidate.password)?.password;
}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const lines = text.split('\n');
  for (let lineIndex = 0; lineIndex < lines.length; lineIndex++) {
    const line = lines[lineIndex] ?? '';
    if (line.trimStart().startsWith('#')) continue;
    const lineTokens = splitLine(line);
    for (const token of lineTokens) tokens.push(token);
    if (lineTokens[0] === 'macdef') {
      // A macro body runs to the next blank line and is not netrc syntax.
      while (lineIndex + 1 < lines.length && (lines[lineIndex + 1] ?? '').trim() !== '') lineIndex++;
    }
  }
  return tokens;
}

function splitLine(line: string): string[] {
  const tokens: string[] = [];
  const pattern = /"((?:\\.|[^"\\])*)"|(\S+)/g;
  for (const match of line.matchAll(pattern)) {
    if (match[1] !== undefined) tokens.push(match[1].replace(/\\(.)/g, '$1'));
    else if (match[2] !== undefined) tokens.push(match[2]);
  }
  return tokens;
}
