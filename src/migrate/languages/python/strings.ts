import type { Node } from 'web-tree-sitter';

/** The parts of a Python string literal that a rewrite needs: prefix letters, quote, content span. */
export interface StringAnatomy {
  node: Node;
  /** Lower-cased prefix letters (`f`, `rb`, `u`, …). */
  prefix: string;
  /** `"`, `'`, `"""` or `'''`. */
  quote: string;
  startToken: Node;
  contentStart: number;
  contentEnd: number;
}

export function stringAnatomy(node: Node): StringAnatomy | undefined {
  const start = node.firstChild;
  const end = node.lastChild;
  if (!start || !end || start.type !== 'string_start' || end.type !== 'string_end') return undefined;
  const opener = start.text;
  const prefix = /^[A-Za-z]*/.exec(opener)?.[0] ?? '';
  return {
    node,
    prefix: prefix.toLowerCase(),
    quote: opener.slice(prefix.length),
    startToken: start,
    contentStart: start.endIndex,
    contentEnd: end.startIndex,
  };
}

/** The quote character to use for a string literal written inside `node` (Python < 3.12 forbids reusing the enclosing quote in an f-string). */
export function innerQuote(node: Node): '"' | "'" | undefined {
  let usesDouble = false;
  let usesSingle = false;
  for (let current: Node | null = node; current; current = current.parent) {
    if (current.type !== 'string') continue;
    const anatomy = stringAnatomy(current);
    if (!anatomy?.prefix.includes('f') && current !== node) continue;
    if (anatomy?.quote.startsWith('"')) usesDouble = true;
    if (anatomy?.quote.startsWith("'")) usesSingle = true;
  }
  if (usesDouble && usesSingle) return undefined;
  return usesDouble ? "'" : '"';
}

/** The quote for an expression placed in code whose nearest enclosing f-strings use `"` (or none). */
export function codeQuote(node: Node): '"' | "'" | undefined {
  const parent = node.parent;
  if (!parent) return '"';
  let usesDouble = false;
  let usesSingle = false;
  for (let current: Node | null = parent; current; current = current.parent) {
    if (current.type !== 'string') continue;
    const anatomy = stringAnatomy(current);
    if (!anatomy?.prefix.includes('f')) continue;
    if (anatomy.quote.startsWith('"')) usesDouble = true;
    if (anatomy.quote.startsWith("'")) usesSingle = true;
  }
  if (usesDouble && usesSingle) return undefined;
  return usesDouble ? "'" : '"';
}

/**
 * Doubles `{` and `}` so text keeps its meaning inside an f-string. Named escapes (`\N{DASH}`) keep
 * their braces unless the literal is raw, where `\N` is not an escape.
 */
export function escapeBracesForFString(content: string, raw: boolean): string {
  const pattern = raw ? /[{}]/g : /\\\\|\\N\{[^}]*\}|[{}]/g;
  return content.replace(pattern, (match) => (match.length > 1 ? match : match + match));
}
