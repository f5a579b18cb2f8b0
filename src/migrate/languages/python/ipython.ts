import type { Tree } from 'web-tree-sitter';

/**
 * IPython syntax inside Python text: `!cmd` shell escapes and `%magic` lines in notebook cells and
 * in notebook-derived `.py` files (Databricks, Colab exports). They are not Python, so before
 * parsing we turn their first character into `#` (same length: offsets stay valid) and let the
 * grammar see comments. A masked line only counts when the grammar agrees it is a comment, which
 * keeps `%` or `!` at the start of a line inside a triple-quoted string out of it.
 */

export interface IPythonLine {
  /** Index of the `!` or `%`. */
  start: number;
  /** End of the line, excluding the line break. */
  end: number;
  kind: 'shell' | 'magic';
}

const IPYTHON_LINE = /^[ \t]*([!%])/gm;

export function maskIPythonLines(text: string): { masked: string; candidates: IPythonLine[] } {
  const candidates: IPythonLine[] = [];
  let masked = '';
  let cursor = 0;
  for (const match of text.matchAll(IPYTHON_LINE)) {
    const start = (match.index ?? 0) + match[0].length - 1;
    const lineEnd = text.indexOf('\n', start);
    const end = lineEnd === -1 ? text.length : text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    candidates.push({ start, end, kind: match[1] === '!' ? 'shell' : 'magic' });
    masked += `${text.slice(cursor, start)}#`;
    cursor = start + 1;
  }
  return { masked: masked + text.slice(cursor), candidates };
}

/** The candidates the parse of the masked text confirms as whole-line comments. */
export function confirmedIPythonLines(tree: Tree, candidates: readonly IPythonLine[]): IPythonLine[] {
  return candidates.filter((line) => {
    const node = tree.rootNode.descendantForIndex(line.start, line.start + 1);
    return node?.type === 'comment' && node.startIndex === line.start;
  });
}

/** Quote state of a shell command just before `index`: inside single quotes, double quotes, or neither. */
export function shellQuoteAt(command: string, index: number): 'single' | 'double' | 'none' {
  let state: 'single' | 'double' | 'none' = 'none';
  for (let at = 0; at < index; at++) {
    const char = command[at];
    if (state === 'single') {
      if (char === "'") state = 'none';
    } else if (char === '\\') {
      at++;
    } else if (char === "'" && state === 'none') {
      state = 'single';
    } else if (char === '"') {
      state = state === 'double' ? 'none' : 'double';
    }
  }
  return state;
}

/**
 * A shell reference to `name` replacing `[start, end)` of `line`, correct for the quoting around it:
 * a value that filled a whole quoted word becomes `"$NAME"`, one inside single quotes closes and
 * reopens them, and one followed by a word character gets quotes so the name stays separate.
 */
export function shellReference(line: string, start: number, end: number, name: string): { start: number; end: number; text: string } {
  const quote = shellQuoteAt(line, start);
  const before = line[start - 1];
  const after = line[end];
  if (quote === 'single') {
    if (before === "'" && after === "'") return { start: start - 1, end: end + 1, text: `"$${name}"` };
    return { start, end, text: `'"$${name}"'` };
  }
  if (quote === 'double' || after === undefined || !/[A-Za-z0-9_]/.test(after)) return { start, end, text: `$${name}` };
  return { start, end, text: `"$${name}"` };
}
