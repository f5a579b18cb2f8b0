/**
 * Turns secret occurrences inside shell text into variable references, in the quoting idiom of
 * each spot: `"${X:?…}"` for a whole word or assignment value, `${X:?…}` inside double quotes, a
 * closed-and-reopened single-quoted string, `$X` in comments. Shared by shell scripts and the
 * shell parts of Dockerfiles.
 */
import type { Edit } from '../../text.js';
import { assignmentPrefix, isSafeInDoubleQuotes, shellContextAt, type ShellContext } from './lexer.js';

export interface ShellSite {
  offset: number;
  secret: string;
  name: string;
  /** Where lexing must start for this site (an instruction's first shell character). */
  from?: number;
}

export interface ShellReferences {
  /** Expansion text, as it appears inside double quotes. */
  expansion: (name: string) => string;
  /** What replaces a value inside a comment. */
  comment: (name: string) => string;
}

export const SCRIPT_REFERENCES: ShellReferences = {
  expansion: (name) => `\${${name}:?set ${name} in .env}`,
  comment: (name) => `$${name}`,
};

export interface ShellEditResult {
  edits: Edit[];
  /** Sites that cannot be rewritten safely, with the reason. */
  problems: string[];
  /** How many sites became live references (not comments): the script now needs the variable. */
  liveReferences: number;
}

interface Located {
  site: ShellSite;
  context: ShellContext;
}

export function shellEdits(text: string, sites: readonly ShellSite[], references: ShellReferences): ShellEditResult {
  const result: ShellEditResult = { edits: [], problems: [], liveReferences: 0 };
  const unique = [...new Map(sites.map((site) => [site.offset, site])).values()].sort((a, b) => a.offset - b.offset);
  const singles = new Map<number, Located[]>();
  const words = new Map<number, Located[]>();
  for (const site of unique) {
    const context = shellContextAt(text, site.offset, site.from ?? 0);
    const end = site.offset + site.secret.length;
    if (!context) {
      result.problems.push('value not found where the shell would read it');
      continue;
    }
    switch (context.kind) {
      case 'comment':
        result.edits.push({ start: site.offset, end, text: references.comment(site.name) });
        break;
      case 'heredoc':
        if (context.quoted) {
          result.problems.push("inside a quoted here-document (<<'EOF'), where no variable expands");
        } else {
          result.edits.push({ start: site.offset, end, text: references.expansion(site.name) });
          result.liveReferences++;
        }
        break;
      case 'ansi':
        result.problems.push("inside an ANSI-C string ($'…'), which cannot hold an expansion");
        break;
      case 'double':
        result.edits.push({ start: site.offset, end, text: references.expansion(site.name) });
        result.liveReferences++;
        break;
      case 'single':
        pushGroup(singles, context.open, { site, context });
        break;
      case 'unquoted':
        pushGroup(words, context.wordStart, { site, context });
        break;
    }
  }
  for (const group of singles.values()) {
    const first = group[0]!.context as Extract<ShellContext, { kind: 'single' }>;
    let rebuilt = '';
    let at = first.open + 1;
    for (const { site } of group) {
      if (site.offset > at) rebuilt += `'${text.slice(at, site.offset)}'`;
      rebuilt += `"${references.expansion(site.name)}"`;
      at = site.offset + site.secret.length;
    }
    if (first.close > at) rebuilt += `'${text.slice(at, first.close)}'`;
    result.edits.push({ start: first.open, end: Math.min(first.close + 1, text.length), text: rebuilt });
    result.liveReferences += group.length;
  }
  for (const group of words.values()) {
    result.edits.push(...wordEdits(text, group, references));
    result.liveReferences += group.length;
  }
  return result;
}

function wordEdits(text: string, group: Located[], references: ShellReferences): Edit[] {
  const context = group[0]!.context as Extract<ShellContext, { kind: 'unquoted' }>;
  const word = text.slice(context.wordStart, context.wordEnd);
  const prefix = assignmentPrefix(word) ?? '';
  const valueStart = context.wordStart + prefix.length;
  const value = text.slice(valueStart, context.wordEnd);
  const quoted = (name: string): string => `"${references.expansion(name)}"`;
  if (group.length === 1) {
    const { site } = group[0]!;
    // `NAME=secret`, `secret`: the whole value becomes one quoted expansion.
    if (site.offset === valueStart && value === site.secret) return [{ start: valueStart, end: context.wordEnd, text: quoted(site.name) }];
  }
  // Embedded (a URL, `--token=…`): quote the value part once if nothing in it changes meaning in
  // double quotes, else splice a quoted expansion into the word.
  let rest = value;
  for (const { site } of group) rest = rest.replace(site.secret, '');
  if (isSafeInDoubleQuotes(rest)) {
    let rebuilt = '';
    let at = valueStart;
    for (const { site } of group) {
      rebuilt += text.slice(at, site.offset) + references.expansion(site.name);
      at = site.offset + site.secret.length;
    }
    rebuilt += text.slice(at, context.wordEnd);
    return [{ start: valueStart, end: context.wordEnd, text: `"${rebuilt}"` }];
  }
  return group.map(({ site }) => ({ start: site.offset, end: site.offset + site.secret.length, text: quoted(site.name) }));
}

function pushGroup(groups: Map<number, Located[]>, key: number, item: Located): void {
  const group = groups.get(key);
  if (group) group.push(item);
  else groups.set(key, [item]);
}
