import { Node, SyntaxKind, type BinaryExpression, type SourceFile, type ts as TypeScript } from 'ts-morph';
import { lineNumberAt, occurrences, type SpanEdit } from '../span-edits.js';
import type { NamedSecret } from '../named-secrets.js';
import type { ResolverStyle } from '../../types.js';
import { clientReadEdit } from './library-reads.js';

export interface TsPlanInput {
  file: SourceFile;
  ts: typeof TypeScript;
  text: string;
  secrets: readonly NamedSecret[];
  style: ResolverStyle;
  label: string;
  /** TypeScript files keep `string` typing in `--style env` with `?? ""`. */
  typescript: boolean;
}

export interface TsPlan {
  edits: SpanEdit[];
  usesGetSecret: boolean;
  notes: string[];
  manual?: string;
}

const ECHO_CALL = /^console\.(?:log|info|warn|error|debug|trace)$/;

/** Where a literal may be replaced by a call without parentheses changing the meaning. */
const SAFE_PARENTS = new Set<SyntaxKind>([
  SyntaxKind.VariableDeclaration,
  SyntaxKind.PropertyAssignment,
  SyntaxKind.PropertyDeclaration,
  SyntaxKind.Parameter,
  SyntaxKind.CallExpression,
  SyntaxKind.NewExpression,
  SyntaxKind.ArrayLiteralExpression,
  SyntaxKind.ReturnStatement,
  SyntaxKind.JsxExpression,
  SyntaxKind.ParenthesizedExpression,
  SyntaxKind.TemplateSpan,
  SyntaxKind.ExportAssignment,
  SyntaxKind.ExpressionStatement,
]);

interface Site {
  offset: number;
  named: NamedSecret;
}

/** Plans the rewrite of every occurrence of every secret in a TS/JS file, by syntactic context. */
export function planTsSource(input: TsPlanInput): TsPlan {
  const plan: TsPlan = { edits: [], usesGetSecret: false, notes: [] };
  const groups = new Map<Node | string, Site[]>();
  const comments = commentRanges(input.file, input.ts);
  for (const named of input.secrets) {
    const found = occurrences(input.text, named.secret);
    if (found.length === 0) {
      plan.manual = `${input.label}: the ${named.envVar} value is not written out whole (split across literals or encoded); rewrite it by hand`;
      return plan;
    }
    for (const offset of found) {
      const target = targetOf(input, comments, offset, named.secret.length);
      if (!target) {
        plan.manual = `${input.label}:${lineNumberAt(input.text, offset)}: the ${named.envVar} value is not inside a string, template or comment; rewrite it by hand`;
        return plan;
      }
      const list = groups.get(target) ?? [];
      list.push({ offset, named });
      groups.set(target, list);
    }
  }
  const rewriter = new TsRewriter(input, plan);
  for (const [target, sites] of groups) {
    if (plan.manual) break;
    if (typeof target === 'string') rewriter.comment(sites);
    else rewriter.literal(target, sites);
  }
  return plan;
}

const LITERAL_KINDS = new Set<SyntaxKind>([
  SyntaxKind.StringLiteral,
  SyntaxKind.NoSubstitutionTemplateLiteral,
  SyntaxKind.TemplateHead,
  SyntaxKind.TemplateMiddle,
  SyntaxKind.TemplateTail,
  SyntaxKind.JsxText,
]);

/** The literal node holding the span, or `comment:<start>` when it sits in a comment. */
function targetOf(input: TsPlanInput, comments: readonly TypeScript.CommentRange[], offset: number, length: number): Node | string | undefined {
  const comment = comments.find((range) => range.pos <= offset && offset + length <= range.end);
  if (comment) return `comment:${comment.pos}`;
  const node = input.file.getDescendantAtPos(offset);
  if (!node) return undefined;
  const literal = LITERAL_KINDS.has(node.getKind()) ? node : node.getParentWhile((parent) => !LITERAL_KINDS.has(parent.getKind()))?.getParent();
  if (literal && LITERAL_KINDS.has(literal.getKind()) && offset >= literal.getStart() && offset + length <= literal.getEnd()) return literal;
  return undefined;
}

/** Every comment in the file: the leading and trailing trivia of every token, deduplicated. */
function commentRanges(file: SourceFile, ts: typeof TypeScript): TypeScript.CommentRange[] {
  const text = file.getFullText();
  const seen = new Map<number, TypeScript.CommentRange>();
  const visit = (node: TypeScript.Node): void => {
    for (const range of ts.getLeadingCommentRanges(text, node.pos) ?? []) seen.set(range.pos, range);
    for (const range of ts.getTrailingCommentRanges(text, node.end) ?? []) seen.set(range.pos, range);
    for (const child of node.getChildren(file.compilerNode)) visit(child);
  };
  visit(file.compilerNode);
  return [...seen.values()];
}

class TsRewriter {
  private readonly quote: '"' | "'";

  constructor(
    private readonly input: TsPlanInput,
    private readonly plan: TsPlan,
  ) {
    this.quote = preferredQuote(input.file);
  }

  private fail(offset: number, why: string): void {
    this.plan.manual ??= `${this.input.label}:${lineNumberAt(this.input.text, offset)}: ${why}; rewrite it by hand`;
  }

  private edit(start: number, end: number, text: string): void {
    this.plan.edits.push({ start, end, text });
  }

  /** `getSecret("X")`, or with `--style env` `process.env.X` (TS: `?? ""` keeps it a string). */
  private expression(envVar: string, parentKind: SyntaxKind | undefined, inTemplate = false): string {
    if (this.input.style !== 'env') {
      this.plan.usesGetSecret = true;
      return `getSecret(${this.quote}${envVar}${this.quote})`;
    }
    const access = `process.env.${envVar}`;
    if (!this.input.typescript || inTemplate) return access;
    const bare = `${access} ?? ${this.quote}${this.quote}`;
    return parentKind !== undefined && SAFE_PARENTS.has(parentKind) ? bare : `(${bare})`;
  }

  /** Comments cannot resolve anything: a placeholder, never uncommented code. */
  comment(sites: Site[]): void {
    for (const { offset, named } of sites) {
      const end = offset + named.secret.length;
      const before = this.input.text[offset - 1];
      const quoted = (before === '"' || before === "'" || before === '`') && this.input.text[end] === before;
      if (quoted) {
        const call = this.input.style === 'env' ? `process.env.${named.envVar}` : `getSecret("${named.envVar}")`;
        this.edit(offset - 1, end + 1, call);
      } else {
        this.edit(offset, end, `$${named.envVar}`);
      }
    }
  }

  literal(node: Node, sites: Site[]): void {
    const first = sites[0]!;
    if (echoCall(node)) {
      for (const site of sites) this.edit(site.offset, site.offset + site.named.secret.length, '***');
      this.plan.notes.push(`${this.input.label}:${lineNumberAt(this.input.text, first.offset)}: a logged ${first.named.envVar} value was replaced by *** (logging credentials leaks them)`);
      return;
    }
    const kind = node.getKind();
    if (kind === SyntaxKind.JsxText) {
      for (const site of sites) this.edit(site.offset, site.offset + site.named.secret.length, `{${this.expression(site.named.envVar, SyntaxKind.JsxExpression)}}`);
      return;
    }
    if (kind === SyntaxKind.TemplateHead || kind === SyntaxKind.TemplateMiddle || kind === SyntaxKind.TemplateTail) {
      for (const site of sites) this.edit(site.offset, site.offset + site.named.secret.length, `\${${this.expression(site.named.envVar, SyntaxKind.TemplateSpan, true)}}`);
      return;
    }
    const contentStart = node.getStart() + 1;
    const contentEnd = node.getEnd() - 1;
    const whole = sites.length === 1 && first.offset === contentStart && first.offset + first.named.secret.length === contentEnd;
    const parent = node.getParent();
    if (!parent || isUnsafePosition(node, parent)) return this.fail(first.offset, 'the value is in a position that cannot hold an expression (type, import, property name)');
    if (kind === SyntaxKind.NoSubstitutionTemplateLiteral && !whole) {
      for (const site of sites) this.edit(site.offset, site.offset + site.named.secret.length, `\${${this.expression(site.named.envVar, SyntaxKind.TemplateSpan, true)}}`);
      return;
    }
    if (whole) return this.wholeLiteral(node, parent, first.named);
    // A string holding more than the secret becomes a template literal with the lookup inside.
    const template = this.toTemplate(node, sites);
    const wrapped = Node.isJsxAttribute(parent) ? `{${template}}` : template;
    this.edit(node.getStart(), node.getEnd(), wrapped);
  }

  private wholeLiteral(node: Node, parent: Node, named: NamedSecret): void {
    const clientRead = clientReadEdit(node, named.envVar, this.input.text);
    if (clientRead && 'browser' in clientRead) {
      return this.fail(node.getStart(), `the ${clientRead.browser} client is built with dangerouslyAllowBrowser, so its key ships to the browser and is public; move the call to a server route, then rotate the key`);
    }
    if (clientRead) {
      // The SDK reads the variable itself: the option goes and nothing is imported.
      this.plan.edits.push(clientRead.edit);
      const note = `${this.input.label}: ${clientRead.library} reads ${named.envVar} itself (the apiKey option was dropped): export it or load .env before running (e.g. \`set -a; . ./.env; set +a\`, node --env-file=.env, docker run --env-file .env)`;
      if (!this.plan.notes.includes(note)) this.plan.notes.push(note);
      return;
    }
    if (Node.isJsxAttribute(parent)) {
      this.edit(node.getStart(), node.getEnd(), `{${this.expression(named.envVar, SyntaxKind.JsxExpression)}}`);
      return;
    }
    const fallback = envFallback(node, parent);
    if (fallback) {
      // In a chain (`a || process.env.X || "…"`) the lookup sits inside a binary: `??` needs parentheses there.
      const context = fallback === (parent as BinaryExpression).getLeft() ? parent.getParent()?.getKind() : undefined;
      this.edit(fallback.getStart(), node.getEnd(), this.expression(named.envVar, context));
      return;
    }
    this.edit(node.getStart(), node.getEnd(), this.expression(named.envVar, parent.getKind()));
  }

  private toTemplate(node: Node, sites: Site[]): string {
    let out = '`';
    let cursor = node.getStart() + 1;
    for (const site of [...sites].sort((a, b) => a.offset - b.offset)) {
      out += escapeForTemplate(this.input.text.slice(cursor, site.offset));
      out += `\${${this.expression(site.named.envVar, SyntaxKind.TemplateSpan, true)}}`;
      cursor = site.offset + site.named.secret.length;
    }
    return `${out}${escapeForTemplate(this.input.text.slice(cursor, node.getEnd() - 1))}\``;
  }
}

/**
 * `process.env.X ?? "…"` / `|| "…"` (also at the end of a longer chain): the span from the env
 * read through the literal, which the lookup replaces as a whole.
 */
function envFallback(literal: Node, parent: Node): Node | undefined {
  if (!Node.isBinaryExpression(parent) || parent.getRight() !== literal) return undefined;
  const operator = parent.getOperatorToken().getKind();
  if (operator !== SyntaxKind.QuestionQuestionToken && operator !== SyntaxKind.BarBarToken) return undefined;
  const left = parent.getLeft();
  if (isEnvRead(left)) return left;
  if (Node.isBinaryExpression(left) && left.getOperatorToken().getKind() === operator && isEnvRead(left.getRight())) return left.getRight();
  return undefined;
}

function isEnvRead(node: Node): boolean {
  const text = node.getText().replace(/\s+/g, '');
  return /^process\.env(?:\.[A-Za-z_$][\w$]*|\[(["'`])[^"'`]+\1\])$/.test(text);
}

function isUnsafePosition(node: Node, parent: Node): boolean {
  if (Node.isImportDeclaration(parent) || Node.isExportDeclaration(parent) || Node.isExternalModuleReference(parent)) return true;
  if (Node.isLiteralTypeNode(parent)) return true;
  if ((Node.isPropertyAssignment(parent) || Node.isPropertySignature(parent) || Node.isPropertyDeclaration(parent) || Node.isEnumMember(parent) || Node.isMethodDeclaration(parent)) && parent.getNameNode() === node) return true;
  return false;
}

function echoCall(node: Node): boolean {
  for (let current = node.getParent(); current; current = current.getParent()) {
    if (Node.isCallExpression(current)) return ECHO_CALL.test(current.getExpression().getText().replace(/\s+/g, ''));
    if (Node.isStatement(current) || Node.isSourceFile(current)) return false;
  }
  return false;
}

/** A string literal's raw body, made valid inside backticks: backticks and `${` escaped. */
function escapeForTemplate(raw: string): string {
  let out = '';
  for (let index = 0; index < raw.length; index++) {
    const char = raw[index]!;
    if (char === '\\') {
      out += char + (raw[index + 1] ?? '');
      index++;
    } else if (char === '`') {
      out += '\\`';
    } else if (char === '$' && raw[index + 1] === '{') {
      out += '\\$';
    } else {
      out += char;
    }
  }
  return out;
}

/** The quote the file mostly uses for string literals (imports count too). */
export function preferredQuote(file: SourceFile): '"' | "'" {
  let single = 0;
  let double = 0;
  for (const literal of file.getDescendantsOfKind(SyntaxKind.StringLiteral)) {
    if (literal.getText().startsWith("'")) single++;
    else double++;
  }
  return single > double ? "'" : '"';
}
