import type { Node, Tree } from 'web-tree-sitter';
import { redact } from '../../../findings/redact.js';
import { lineNumberAt, occurrences, type SpanEdit } from '../span-edits.js';
import type { ResolverStyle } from '../../types.js';
import type { NamedSecret } from '../named-secrets.js';
import { confirmedIPythonLines, maskIPythonLines, type IPythonLine } from './ipython.js';
import { rewriteIPythonLine } from './ipython-rewrite.js';
import { lookupExpression, noNeeds, type PythonNeeds } from './lookup.js';
import { firstSyntaxError, parsePython } from './parser.js';
import { libraryReadEdit, type LibraryReadEdit } from './library-reads.js';
import { deleteArgument, deleteDictEntry, deleteStatement, replaceStatementWithComment } from './statements.js';
import { codeQuote, escapeBracesForFString, innerQuote, stringAnatomy } from './strings.js';

export type { NamedSecret };

export interface PythonSourceInput {
  text: string;
  secrets: readonly NamedSecret[];
  style: ResolverStyle;
  /** Where the text is, for notes and reasons: `train.py`, `demo.ipynb cell 3`. */
  label: string;
  /** Every lookup may come back empty (framework-loaded configs). */
  optional?: boolean;
}

/** The edits for one piece of Python source (a module or a notebook cell), imports excluded. */
export interface PythonPlan {
  edits: SpanEdit[];
  needs: PythonNeeds;
  notes: string[];
  /** Set when the source cannot be rewritten safely: the caller leaves the file untouched. */
  manual?: string;
  tree?: Tree;
  /** The IPython lines the parse confirmed (masked as comments). */
  ipythonLines: IPythonLine[];
}

/** Call names that read the environment with a default: `os.getenv("X", "…")`. */
const ENV_GETTERS = /^(?:os\.)?(?:environ\.get|getenv)$/;
const ENV_SETDEFAULT = /^(?:os\.)?environ\.setdefault$/;
const ENVIRON = /^(?:os\.)?environ$/;
/** Calls that print or log their arguments: a secret there is an echo, not a use. */
const ECHO_CALL =
  /^(?:print|pprint(?:\.pprint)?|display|(?:logging|logger|log|LOGGER|LOG|_logger|_log|self\.logger|self\.log)\.(?:debug|info|warning|warn|error|critical|exception|log)|st\.(?:write|text|markdown|info|success|warning|error|code|caption)|sys\.(?:stdout|stderr)\.write)$/;
const B64_CALL = /(?:^|\.)(?:b64decode|urlsafe_b64decode|standard_b64decode|decodebytes)$/;

interface Site {
  offset: number;
  named: NamedSecret;
}

/** Plans the rewrite of Python source: every occurrence of every secret, by its syntactic context. */
export async function planPythonSource(input: PythonSourceInput): Promise<PythonPlan> {
  const plan: PythonPlan = { edits: [], needs: noNeeds(), notes: [], ipythonLines: [] };
  const sites: Site[] = [];
  for (const named of input.secrets) {
    const found = occurrences(input.text, named.secret);
    if (found.length === 0) {
      plan.manual = `${input.label}: the ${named.envVar} value ${redact(named.secret)} is not written out whole (split across literals or encoded); rewrite it by hand`;
      return plan;
    }
    for (const offset of found) sites.push({ offset, named });
  }
  const parsed = await parseTolerant(input.text);
  if ('error' in parsed) {
    plan.manual = `${input.label}: does not parse as Python (${parsed.error}); rewrite it by hand`;
    return plan;
  }
  plan.tree = parsed.tree;
  plan.ipythonLines = parsed.ipythonLines;
  const rewriter = new SourceRewriter(input, plan, parsed.tree, parsed.ipythonLines);
  rewriter.rewrite(sites);
  return plan;
}

/** Parses the text as Python, masking IPython lines when plain parsing fails. */
export async function parseTolerant(text: string): Promise<{ tree: Tree; ipythonLines: IPythonLine[] } | { error: string }> {
  const plain = await parsePython(text);
  if (!firstSyntaxError(plain)) return { tree: plain, ipythonLines: [] };
  const { masked, candidates } = maskIPythonLines(text);
  if (candidates.length === 0) return { error: firstSyntaxError(plain) ?? 'syntax error' };
  const tree = await parsePython(masked);
  const error = firstSyntaxError(tree);
  if (error) return { error };
  return { tree, ipythonLines: confirmedIPythonLines(tree, candidates) };
}

class SourceRewriter {
  constructor(
    private readonly input: PythonSourceInput,
    private readonly plan: PythonPlan,
    private readonly tree: Tree,
    private readonly ipythonLines: IPythonLine[],
  ) {}

  rewrite(sites: Site[]): void {
    const groups = new Map<string, { node: Node; sites: Site[] }>();
    for (const site of sites) {
      const target = this.targetOf(site);
      if (!target) {
        this.fail(site, 'is not inside a string literal or a comment');
        return;
      }
      const key = `${target.startIndex}:${target.endIndex}`;
      const group = groups.get(key) ?? { node: target, sites: [] };
      group.sites.push(site);
      groups.set(key, group);
    }
    for (const { node, sites: inNode } of groups.values()) {
      if (this.plan.manual) return;
      const line = this.ipythonLines.find((candidate) => candidate.start === node.startIndex);
      if (line) this.ipython(line, inNode);
      else if (node.type === 'comment') this.comment(inNode);
      else this.string(node, inNode);
    }
  }

  private targetOf(site: Site): Node | undefined {
    const end = site.offset + site.named.secret.length;
    for (let node = this.tree.rootNode.descendantForIndex(site.offset, end); node; node = node.parent) {
      if (node.type === 'comment' || node.type === 'string') return node;
    }
    return undefined;
  }

  private fail(site: Site, why: string): void {
    const line = lineNumberAt(this.input.text, site.offset);
    this.plan.manual ??= `${this.input.label}:${line}: the ${site.named.envVar} value ${why}; rewrite it by hand`;
  }

  private edit(start: number, end: number, text: string): void {
    this.plan.edits.push({ start, end, text });
  }

  private lookup(node: Node, envVar: string, required = true): string | undefined {
    const quote = codeQuote(node);
    if (!quote) return undefined;
    return lookupExpression(this.input.style, envVar, quote, required && !this.input.optional, this.plan.needs);
  }

  /** Comments cannot resolve anything: the value becomes a placeholder and is never uncommented. */
  private comment(sites: Site[]): void {
    for (const site of sites) this.placeholder(site);
  }

  private placeholder(site: Site): void {
    const { offset, named } = site;
    const end = offset + named.secret.length;
    const before = this.input.text[offset - 1];
    const quoted = (before === '"' || before === "'") && this.input.text[end] === before;
    const expression = this.input.style === 'env' ? `os.environ["${named.envVar}"]` : `get_secret("${named.envVar}")`;
    if (quoted) this.edit(offset - 1, end + 1, expression);
    else this.edit(offset, end, `$${named.envVar}`);
  }

  private ipython(line: IPythonLine, sites: Site[]): void {
    const result = rewriteIPythonLine(this.input.text, line, sites, this.input.style, this.plan.needs);
    if ('manual' in result) {
      this.plan.manual ??= `${this.input.label}:${lineNumberAt(this.input.text, line.start)}: ${result.manual}; rewrite it by hand`;
      return;
    }
    this.plan.edits.push(...result.edits);
    this.plan.notes.push(...result.notes.map((note) => `${this.input.label}: ${note}`));
  }

  private string(node: Node, sites: Site[]): void {
    const anatomy = stringAnatomy(node);
    const first = sites[0]!;
    if (!anatomy) return this.fail(first, 'is in a string the parser could not take apart');
    if (anatomy.prefix.includes('b')) return this.fail(first, 'is in a bytes literal');
    if (isDocstringLike(node)) {
      for (const site of sites) this.edit(site.offset, site.offset + site.named.secret.length, `$${site.named.envVar}`);
      return;
    }
    const echo = echoCall(node);
    if (echo) {
      for (const site of sites) this.edit(site.offset, site.offset + site.named.secret.length, '***');
      this.plan.notes.push(`${this.input.label}:${lineNumberAt(this.input.text, first.offset)}: a printed ${first.named.envVar} value was replaced by *** (printing credentials leaks them into logs)`);
      return;
    }
    if (inB64Decode(node)) return this.fail(first, 'is base64-encoded; put the decoded value in .env and replace the whole decode call');
    const whole =
      sites.length === 1 &&
      first.offset === anatomy.contentStart &&
      first.offset + first.named.secret.length === anatomy.contentEnd &&
      node.parent?.type !== 'concatenated_string';
    if (whole) this.wholeLiteral(node, first.named);
    else this.embedded(anatomy, sites);
  }

  /** The literal is the whole string: what replaces it depends on where it sits. */
  private wholeLiteral(node: Node, named: NamedSecret): void {
    const parent = node.parent;
    const libraryRead = libraryReadEdit(node, named.envVar);
    if (libraryRead) return this.leaveToLibrary(libraryRead, named);
    if (parent?.type === 'argument_list' && this.envCallArgument(node, parent, named)) return;
    if (parent?.type === 'keyword_argument' && this.keywordArgument(node, parent, named)) return;
    if (parent?.type === 'assignment' && this.environSetter(node, parent, named)) return;
    if (parent?.type === 'pair' && this.environDictEntry(node, parent, named)) return;
    // A parameter default is evaluated when the function is defined and callers may pass their own
    // value: the lookup must not fail there, so it is optional (None when nothing holds it).
    const optional = (parent?.type === 'default_parameter' || parent?.type === 'typed_default_parameter') && parent.childForFieldName('value')?.id === node.id;
    const expression = this.lookup(node, named.envVar, !optional);
    if (!expression) return this.fail({ offset: node.startIndex, named }, 'is nested too deeply in f-strings');
    this.edit(node.startIndex, node.endIndex, expression);
  }

  /**
   * The library reads the variable itself: the argument (or the statement that only handed it the
   * value) goes, and nothing is imported. The value stays in .env, which the library does not
   * read: the note says to export it.
   */
  private leaveToLibrary(edit: LibraryReadEdit, named: NamedSecret): void {
    const { library } = edit.read;
    if (edit.kind === 'drop-argument') {
      this.edit(...spread(deleteArgument(this.input.text, edit.argument)));
    } else {
      const comment = `${library} reads ${named.envVar} from the environment itself (see .env.example)`;
      this.edit(...spread(replaceStatementWithComment(this.input.text, edit.statement, comment)));
    }
    const also = edit.kind === 'remove-statement' && edit.alsoDropped?.length ? ` with its ${edit.alsoDropped.join(', ')}` : '';
    const what = edit.kind === 'drop-argument' ? `the ${edit.keyword}= argument was dropped` : `${edit.what} was removed${also}`;
    const note = `${this.input.label}: ${library} reads ${named.envVar} itself (${what}): export it or load .env before running (e.g. \`set -a; . ./.env; set +a\`, docker run --env-file .env)`;
    if (!this.plan.notes.includes(note)) this.plan.notes.push(note);
  }

  /** `os.getenv("X", "…")`, `os.environ.get("X", "…")`, `os.environ.setdefault("X", "…")`. */
  private envCallArgument(node: Node, argumentList: Node, named: NamedSecret): boolean {
    const call = argumentList.parent;
    const name = callName(call);
    const args = argumentList.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment');
    if (!call || args[1]?.id !== node.id) return false;
    const key = stringValue(args[0]);
    if (key === undefined) return false;
    if (ENV_GETTERS.test(name)) return this.envGetter(call, named);
    if (ENV_SETDEFAULT.test(name)) return this.envSetdefault(call, node, key, named);
    return false;
  }

  private envGetter(call: Node, named: NamedSecret): boolean {
    const quote = codeQuote(call);
    if (!quote) return false;
    const name = `${quote}${named.envVar}${quote}`;
    if (this.input.style === 'env') {
      this.plan.needs.os = true;
      // A chained `.strip()` must not meet None.
      const chained = call.parent?.type === 'attribute' && call.parent.childForFieldName('object')?.id === call.id;
      this.edit(call.startIndex, call.endIndex, chained ? `os.environ.get(${name}, ${quote}${quote})` : `os.environ.get(${name})`);
      return true;
    }
    this.plan.needs.getSecret = true;
    this.edit(call.startIndex, call.endIndex, `get_secret(${name})`);
    return true;
  }

  private envSetdefault(call: Node, node: Node, key: string, named: NamedSecret): boolean {
    const statement = call.parent?.type === 'expression_statement' && call.parent.namedChildCount === 1 ? call.parent : undefined;
    const sameName = key === named.envVar;
    // With plain env lookups the value is already in the environment: the statement is a no-op.
    // With the resolver it is not (it may come from .env): the statement keeps setting it.
    if (statement && sameName && this.input.style === 'env') {
      this.removeStatement(statement, key);
      return true;
    }
    if (this.input.style === 'env' && sameName) {
      const expression = this.lookup(call, named.envVar);
      if (!expression) return false;
      this.edit(call.startIndex, call.endIndex, expression);
      return true;
    }
    const expression = this.lookup(node, named.envVar);
    if (!expression) return false;
    this.edit(node.startIndex, node.endIndex, expression);
    return true;
  }

  /** `field(default="…")` and `add_argument(..., default="…")`: the value was only a default. */
  private keywordArgument(node: Node, keyword: Node, named: NamedSecret): boolean {
    if (keyword.childForFieldName('name')?.text !== 'default') return false;
    const call = keyword.parent?.parent;
    const name = callName(call);
    if (ENV_GETTERS.test(name) && call) return this.envGetter(call, named);
    if (/(?:^|\.)field$/.test(name)) {
      // A default is evaluated at import; a factory only when the dataclass is built.
      const expression = this.lookup(node, named.envVar, false);
      if (!expression) return false;
      this.edit(keyword.startIndex, keyword.endIndex, `default_factory=lambda: ${expression}`);
      return true;
    }
    if (/(?:^|\.)add_argument$/.test(name)) {
      const expression = this.lookup(node, named.envVar, false);
      if (!expression) return false;
      this.edit(node.startIndex, node.endIndex, expression);
      return true;
    }
    return false;
  }

  /** `os.environ["X"] = "…"`. */
  private environSetter(node: Node, assignment: Node, named: NamedSecret): boolean {
    if (assignment.childForFieldName('right')?.id !== node.id) return false;
    const left = assignment.childForFieldName('left');
    if (left?.type !== 'subscript' || !ENVIRON.test(compact(left.childForFieldName('value')?.text ?? ''))) return false;
    const key = stringValue(left.childForFieldName('subscript'));
    const statement = assignment.parent;
    if (key === undefined || statement?.type !== 'expression_statement') return false;
    // `os.environ["X"] = get_secret("X")` keeps exporting the value to wandb.init and subprocesses
    // (the resolver may have read it from .env); only with plain env lookups is it a no-op.
    if (key === named.envVar && this.input.style === 'env') {
      this.removeStatement(statement, key);
      return true;
    }
    return false;
  }

  /** `{"HF_TOKEN": "…"}` that the code copies into `os.environ`. */
  private environDictEntry(node: Node, pair: Node, named: NamedSecret): boolean {
    if (pair.childForFieldName('value')?.id !== node.id) return false;
    const key = stringValue(pair.childForFieldName('key'));
    const dict = pair.parent;
    if (key === undefined || key !== named.envVar || dict?.type !== 'dictionary') return false;
    if (this.input.style !== 'env') return false;
    if (!appliedToEnviron(dict, this.input.text)) return false;
    this.edit(...spread(deleteDictEntry(this.input.text, pair)));
    this.plan.notes.push(this.removalNote(pair, key));
    return true;
  }

  private removeStatement(statement: Node, key: string): void {
    this.edit(...spread(deleteStatement(this.input.text, statement)));
    this.plan.notes.push(this.removalNote(statement, key));
  }

  private removalNote(node: Node, key: string): string {
    const line = lineNumberAt(this.input.text, node.startIndex);
    return `${this.input.label}:${line}: removed the line that set ${key} in the environment to itself; export it or load .env before running (or log in with the provider's CLI)`;
  }

  /** The secret is part of a larger string: interpolate it with an f-string. */
  private embedded(anatomy: NonNullable<ReturnType<typeof stringAnatomy>>, sites: Site[]): void {
    const quote = innerQuote(anatomy.node);
    const first = sites[0]!;
    if (!quote) return this.fail(first, 'is nested too deeply in f-strings');
    const isF = anatomy.prefix.includes('f');
    if (isF) {
      for (const site of sites) {
        const expression = lookupExpression(this.input.style, site.named.envVar, quote, true, this.plan.needs);
        this.edit(site.offset, site.offset + site.named.secret.length, `{${expression}}`);
      }
      return;
    }
    const raw = anatomy.prefix.includes('r');
    const opener = anatomy.startToken.text;
    const letters = opener.slice(0, opener.length - anatomy.quote.length).replace(/[uU]/g, '');
    this.edit(anatomy.startToken.startIndex, anatomy.startToken.endIndex, `${letters}f${anatomy.quote}`);
    let content = '';
    let cursor = anatomy.contentStart;
    for (const site of [...sites].sort((a, b) => a.offset - b.offset)) {
      content += escapeBracesForFString(this.input.text.slice(cursor, site.offset), raw);
      content += `{${lookupExpression(this.input.style, site.named.envVar, quote, true, this.plan.needs)}}`;
      cursor = site.offset + site.named.secret.length;
    }
    content += escapeBracesForFString(this.input.text.slice(cursor, anatomy.contentEnd), raw);
    this.edit(anatomy.contentStart, anatomy.contentEnd, content);
  }
}

function spread(edit: SpanEdit): [number, number, string] {
  return [edit.start, edit.end, edit.text];
}

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

function callName(call: Node | null | undefined): string {
  if (call?.type !== 'call') return '';
  return compact(call.childForFieldName('function')?.text ?? '');
}

/** The value of a plain (non-f, non-bytes) string literal with no escapes, else undefined. */
function stringValue(node: Node | null | undefined): string | undefined {
  if (node?.type !== 'string') return undefined;
  const anatomy = stringAnatomy(node);
  if (!anatomy || /[fb]/.test(anatomy.prefix)) return undefined;
  const content = node.text.slice(anatomy.contentStart - node.startIndex, anatomy.contentEnd - node.startIndex);
  return content.includes('\\') ? undefined : content;
}

/** A bare string statement (docstring or string used as a comment). */
function isDocstringLike(node: Node): boolean {
  return node.parent?.type === 'expression_statement' && node.parent.namedChildCount === 1;
}

/** The call that prints this string, when the nearest enclosing call is print/logging. */
function echoCall(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'call') return ECHO_CALL.test(callName(current)) ? current : undefined;
    if (/statement$|^(?:block|module|lambda|function_definition|class_definition)$/.test(current.type)) return undefined;
  }
  return undefined;
}

function inB64Decode(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'call') return B64_CALL.test(callName(current));
    if (/statement$/.test(current.type)) return false;
  }
  return false;
}

/**
 * Whether a dict literal is copied into `os.environ`: passed to `os.environ.update(...)`, or bound
 * to a name that the module later applies with `os.environ.update(name)` or a
 * `for k, v in name.items(): os.environ[k] = v` loop. A dict handed to `subprocess(env=name)`
 * keeps its entries: the child process needs them.
 */
function appliedToEnviron(dict: Node, text: string): boolean {
  const parent = dict.parent;
  if (parent?.type === 'argument_list' && /(?:^|\.)environ\.update$/.test(callName(parent.parent))) return true;
  if (parent?.type !== 'assignment') return false;
  const target = parent.childForFieldName('left');
  if (target?.type !== 'identifier') return false;
  const name = target.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (new RegExp(`\\benv\\s*=\\s*${name}\\b`).test(text)) return false;
  if (new RegExp(`environ\\.update\\(\\s*(?:\\*\\*)?${name}\\s*\\)`).test(text)) return true;
  return new RegExp(`for\\s+\\w+\\s*,\\s*\\w+\\s+in\\s+${name}\\.items\\(\\)\\s*:[\\s\\S]{0,300}?environ\\[`).test(text);
}
