/**
 * Rewrites a rule regex into the shape the ReDoS proof runs on (see linearity.ts).
 *
 * - Every counted repetition above EXACT_REPEAT_LIMIT becomes `*` or `+`. A bound hides a blow-up rather than removing
 *   it: `(?:[ \t]{1,20}[^\r\n]{0,200}\n){0,10}` is "finite" and still 20^10 paths. Relaxed, the
 *   checker sees the ambiguity itself, so "linear" holds whatever the constants. Relaxing only
 *   adds paths (each path of `X{3,40}` is one of `X+`), so a linear relaxed form bounds the original.
 * - Lookarounds are cut out and returned separately: recheck's automaton checker does not model
 *   them. Removing one only adds paths too; what it costs at each position it is tried is bounded
 *   by its longest possible match, which `maxMatchLength` measures.
 */
export interface RegexShape {
  /** The regex with lookarounds removed and counted repetitions relaxed. */
  relaxed: string;
  /** The body of every lookaround, outermost first, each itself in relaxed form. */
  lookarounds: { source: string; maxLength: number }[];
}

/**
 * The next index at or after `from` that holds regex syntax: outside character classes and not
 * escaped. `from` must itself be outside a class and not right after a backslash. -1 at the end.
 */
export function nextSyntaxIndex(source: string, from: number): number {
  let inClass = false;
  for (let i = from; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      continue;
    }
    if (char === '[') {
      inClass = true;
      continue;
    }
    return i;
  }
  return -1;
}

/** Index just past the group that opens at `open` (a `(`), skipping classes and escapes. */
export function groupEnd(source: string, open: number): number {
  let depth = 0;
  for (let i = nextSyntaxIndex(source, open); i !== -1; i = nextSyntaxIndex(source, i + 1)) {
    const char = source[i];
    if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return i + 1;
  }
  throw new Error(`unbalanced group at ${open}`);
}

/** The top-level alternatives of `source[from, to)`, as [start, end) pairs. */
export function splitBranches(source: string, from: number, to: number): [number, number][] {
  const branches: [number, number][] = [];
  let start = from;
  let depth = 0;
  for (let i = nextSyntaxIndex(source, from); i !== -1 && i < to; i = nextSyntaxIndex(source, i + 1)) {
    const char = source[i];
    if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === '|' && depth === 0) {
      branches.push([start, i]);
      start = i + 1;
    }
  }
  branches.push([start, to]);
  return branches;
}

const LOOKAROUND = /^\(\?<?[=!]/;

/**
 * Repetitions up to this count stay exact: the automaton unrolls them, so what they can add is a
 * constant no larger than this count per repetition, and relaxing `\\{1,2}` or `{0,4}` header
 * lines would only report the overlap those bounds exist to cut off.
 */
export const EXACT_REPEAT_LIMIT = 4;

/**
 * A leading `(?<![C])` (one class or class escape) only decides where the search may start:
 * exactly the positions after a character outside C, or the start of the text. The consuming
 * `(?:^|[^C])` has the same starts, so the checker can see that attempts never overlap a run of C.
 */
function leadingLookbehind(source: string): { prefix: string; length: number } | undefined {
  const match = /^\(\?<!(\[(\^?)((?:[^\]\\]|\\.)*)\]|\\([wdsWDS]))\)/.exec(source);
  if (!match) return undefined;
  const [whole, , negated, members, escape] = match;
  const outside = escape !== undefined ? `\\${escape === escape.toLowerCase() ? escape.toUpperCase() : escape.toLowerCase()}` : `[${negated ? '' : '^'}${members!}]`;
  return { prefix: `(?:^|${outside})`, length: whole.length };
}

export function regexShape(source: string): RegexShape {
  const lookarounds: RegexShape['lookarounds'] = [];
  const leading = leadingLookbehind(source);
  let relaxed = leading?.prefix ?? '';
  if (leading) source = source.slice(leading.length);
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (char === '\\') {
      relaxed += source.slice(i, i + 2);
      i++;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      relaxed += char;
      continue;
    }
    if (char === '[') {
      inClass = true;
      relaxed += char;
      continue;
    }
    const lookaround = LOOKAROUND.exec(source.slice(i, i + 4));
    if (lookaround) {
      const end = groupEnd(source, i);
      const body = source.slice(i + lookaround[0].length, end - 1);
      const inner = regexShape(body);
      lookarounds.push({ source: inner.relaxed, maxLength: maxMatchLength(body) }, ...inner.lookarounds);
      i = end - 1;
      continue;
    }
    const counted = /^\{(\d+)(?:(,)(\d*))?\}/.exec(source.slice(i));
    if (counted) {
      const max = counted[2] === undefined ? Number(counted[1]) : counted[3] === '' ? Infinity : Number(counted[3]);
      if (max <= EXACT_REPEAT_LIMIT) relaxed += counted[0];
      else relaxed += counted[1] === '0' ? '*' : '+';
      i += counted[0].length - 1;
      continue;
    }
    relaxed += char;
  }
  return { relaxed, lookarounds };
}

/**
 * The longest text the regex can match, or Infinity if a repetition is unbounded. Lookarounds and
 * anchors match nothing; a character class or escape matches one character.
 */
export function maxMatchLength(source: string): number {
  const [length] = sequence(source, 0);
  return length;
}

/** The longest match of the alternation starting at `at`, and where it stops (at `)` or the end). */
function sequence(source: string, at: number): [number, number] {
  let best = 0;
  let current = 0;
  let i = at;
  while (i < source.length) {
    const char = source[i]!;
    if (char === ')') break;
    if (char === '|') {
      best = Math.max(best, current);
      current = 0;
      i++;
      continue;
    }
    let atomLength: number;
    if (char === '(') {
      const end = groupEnd(source, i);
      if (LOOKAROUND.test(source.slice(i, i + 4))) atomLength = 0;
      else {
        const prefix = /^\((?:\?(?::|<[A-Za-z_]\w*>))?/.exec(source.slice(i))![0];
        atomLength = sequence(source, i + prefix.length)[0];
      }
      i = end;
    } else if (char === '[') {
      let j = i + 1;
      if (source[j] === '^') j++;
      if (source[j] === ']') j++;
      for (; j < source.length && source[j] !== ']'; j++) if (source[j] === '\\') j++;
      atomLength = 1;
      i = j + 1;
    } else if (char === '\\') {
      atomLength = /[bB]/.test(source[i + 1] ?? '') ? 0 : 1;
      i += 2;
    } else {
      atomLength = char === '^' || char === '$' ? 0 : 1;
      i++;
    }
    const quantifier = /^(?:\{(\d+)(,(\d*))?\}|[*+?])\??/.exec(source.slice(i));
    let times = 1;
    if (quantifier) {
      const q = quantifier[0];
      if (q.startsWith('*') || q.startsWith('+')) times = Infinity;
      else if (q.startsWith('?')) times = 1;
      else times = quantifier[2] === undefined ? Number(quantifier[1]) : quantifier[3] === '' ? Infinity : Number(quantifier[3]);
      i += q.length;
    }
    current += atomLength === 0 ? 0 : atomLength * times;
  }
  return [Math.max(best, current), i];
}

/** The top-level `|` branches of a pattern (or of a group's body). */
function topLevelBranches(source: string): string[] {
  const branches: string[] = [];
  let start = 0;
  let depth = 0;
  for (let i = nextSyntaxIndex(source, 0); i !== -1; i = nextSyntaxIndex(source, i + 1)) {
    const char = source[i];
    if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === '|' && depth === 0) {
      branches.push(source.slice(start, i));
      start = i + 1;
    }
  }
  branches.push(source.slice(start));
  return branches;
}

/**
 * Splits a pattern into alternatives that together match what it matches: top-level branches,
 * and each branch of the first unquantified group that has several. Outside any repetition the
 * paths of `(?:A|B)T` are those of `AT` plus those of `BT`, so each part may be proven on its
 * own; a large rule such as `wandb-api-key` (nine contexts) is too big for the checker whole.
 */
export function alternatives(source: string, limit = 64): string[] {
  const top = topLevelBranches(source);
  if (top.length > 1) return capped(top.flatMap((branch) => alternatives(branch, limit)), source, limit);
  for (let i = nextSyntaxIndex(source, 0); i !== -1; i = nextSyntaxIndex(source, i + 1)) {
    if (source[i] !== '(') continue;
    const end = groupEnd(source, i);
    const quantified = /^(?:[*+?]|\{\d)/.test(source.slice(end));
    const prefix = /^\((?:\?(?::|<[A-Za-z_]\w*>))?/.exec(source.slice(i))![0];
    const branches = topLevelBranches(source.slice(i + prefix.length, end - 1));
    if (quantified || branches.length < 2) {
      i = end - 1;
      continue;
    }
    const before = source.slice(0, i);
    const after = source.slice(end);
    return capped(branches.flatMap((branch) => alternatives(`${before}${prefix}${branch})${after}`, limit)), source, limit);
  }
  return [source];
}

/** Too many parts: prove the pattern whole rather than drop any. */
function capped(parts: string[], whole: string, limit: number): string[] {
  return parts.length > limit ? [whole] : parts;
}
