/**
 * The plan: every edit computed in memory before anything is written. Pure apart from the
 * rewriters it calls (which are pure too): it takes file texts in and returns file texts out.
 *
 *   planRewrites   findings → names → one rewrite per file (changed / manual / untrack)
 *   (verify.ts)    re-parse and re-scan the rewritten texts; failures become manual
 *   finalizePlan   .env, .env.example, .gitignore, .dockerignore, templates, replace-text file
 */
import type { Finding, Rule } from '../types/index.js';
import { redact } from '../findings/redact.js';
import type { GeneratedFile, NamedFinding, ResolverPlacement, ResolverStyle, RewriteResult, UntrackRequest } from './types.js';
import { planPythonPlacements, type PlacementCandidate } from './languages/python/placement.js';
import type { LanguageResolver } from './languages/index.js';
import { contextNames, isCommentedAt, nameValues, type NamedValue, type ValueSite } from './names.js';
import { locateFinding } from './text.js';
import { dotenvMap, mergeEnv, mergeTemplate, parseDotenv, TEMPLATE_CANDIDATES, type DotenvEntry } from './envfile.js';
import { isSecretsModule, pythonRuntime, shadowsStdlib } from './runtime.js';
import { exactPattern, isIgnoredBy, isKeptOnPurpose, updateDockerignore, updateGitignore } from './gitignore.js';
import { languageNameFor } from './languages/index.js';
import { isProsePath } from './languages/markdown.js';

export interface SourceFile {
  path: string;
  /** Decoded text (BOM kept). */
  text: string;
  /** How to turn `text` back into the original bytes. */
  encoding: 'utf8' | 'latin1';
  /** The bytes are not valid UTF-8, so only byte-safe rewrites (placeholders in docs) may run. */
  lossy: boolean;
  symlink: boolean;
  mode: number;
}

export interface ExistingFiles {
  env?: string;
  /** Permission bits of the existing `.env`. */
  envMode?: number;
  gitignore?: string;
  dockerignore?: string;
  replaceText?: string;
  /** Texts of existing files the plan may need (templates), by path. */
  other: ReadonlyMap<string, string>;
}

export interface PlanInput {
  root: string;
  findings: Finding[];
  files: ReadonlyMap<string, SourceFile>;
  repoFiles: ReadonlySet<string>;
  /** Tracked paths, or undefined outside a git repository. */
  tracked: ReadonlySet<string> | undefined;
  existing: ExistingFiles;
  style: ResolverStyle;
  rules: readonly Rule[];
  resolveLanguage: LanguageResolver;
  /** Python files a Dockerfile copies on their own (see runtime.ts). */
  shippedAlone?: ReadonlySet<string>;
}

export type FileStatus = 'changed' | 'manual' | 'untrack';

export interface FileOutcome {
  path: string;
  status: FileStatus;
  language?: string;
  reason?: string;
  notes: string[];
  findings: NamedFinding[];
  original: SourceFile;
  /** New text when `changed`. */
  text?: string;
  generated: GeneratedFile[];
  untrack?: UntrackRequest;
  tracked: boolean;
}

export interface PlannedValue {
  name: string;
  secret: string;
  redacted: string;
  provider: string;
  ruleId: string;
  docsUrl: string;
  sites: { path: string; line: number }[];
  why?: string;
  conflictsWith?: string;
  /**
   * `added` to .env, already `present`, `not-stored` (a multi-line value such as a PEM key),
   * `history-only`: no longer in the tree, only in commits (rotation and purge only), or
   * `docs-only`: shown only by documentation, so no variable: kept in .env as a commented line
   * naming where it was (nothing is lost), never in .env.example.
   */
  env: 'added' | 'present' | 'not-stored' | 'history-only' | 'docs-only';
  /** Found base64-encoded (a rule with `decode`): the stored text is not the credential itself. */
  encoded?: boolean;
  /** Short hashes of commits that added the value (filled in by the orchestrator). */
  commits?: string[];
}

export type WriteKind = 'env' | 'replace-text' | 'source' | 'generated' | 'template' | 'ignore';

export interface PlannedWrite {
  path: string;
  /** Current text, or undefined for a new file. */
  before: string | undefined;
  after: string;
  kind: WriteKind;
  encoding: 'utf8' | 'latin1';
  /** Mode for the written file (default: keep the current mode, or 0o644 for new files). */
  mode?: number;
  /** Skip silently if the file exists by the time we write (generated modules, templates). */
  createOnly?: boolean;
}

export interface DraftPlan {
  values: PlannedValue[];
  files: FileOutcome[];
}

export interface MigrationPlan extends DraftPlan {
  writes: PlannedWrite[];
  /** Paths to `git rm --cached`. */
  untrack: string[];
  notes: string[];
}

const CODE_LANGUAGES = /\.(?:py|pyw|ipynb|ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;
export const REPLACE_TEXT_PATH = '.leakguard/replace-text.txt';

export async function planRewrites(input: PlanInput): Promise<DraftPlan> {
  const located: { finding: Finding; offset: number | undefined }[] = input.findings.map((finding) => {
    const file = input.files.get(finding.path);
    return { finding, offset: file ? locateFinding(file.text, finding) : undefined };
  });
  const sites: ValueSite[] = located.map(({ finding, offset }) => {
    const file = input.files.get(finding.path);
    const docs = isProse(finding.path, file?.text);
    if (!file || offset === undefined) return { finding, context: [], docs };
    return { finding, context: contextNames(file.text, offset, CODE_LANGUAGES.test(finding.path)), commented: isCommentedAt(file.text, offset), docs };
  });
  const ruleById = new Map(input.rules.map((rule) => [rule.id, rule]));
  const named = nameValues({
    sites,
    ruleNaming: (id) => {
      const rule = ruleById.get(id);
      return rule ? { envVar: rule.envVar, aliases: rule.envAliases ?? [] } : undefined;
    },
    existing: dotenvMap(input.existing.env),
  });
  const nameOf = new Map(named.map((value) => [value.secret, value.name]));
  const isEncoded = (ruleId: string): boolean => ruleById.get(ruleId)?.decode !== undefined;
  const values = named.map((value) => plannedValue(value, input.existing.env, isEncoded(value.sites[0]!.finding.ruleId)));

  const byPath = new Map<string, NamedFinding[]>();
  for (const { finding, offset } of located) {
    const list = byPath.get(finding.path) ?? [];
    // One edit per spot: overlapping rules can report the same value twice.
    if (offset !== undefined && list.some((other) => other.offset === offset)) continue;
    list.push({ ...finding, envVar: nameOf.get(finding.secret) ?? finding.envVar, offset });
    byPath.set(finding.path, list);
  }
  const placements = pythonPlacements([...byPath.keys()], input);
  const files: FileOutcome[] = [];
  for (const path of [...byPath.keys()].sort()) {
    files.push(await planFile(path, byPath.get(path)!, input, placements.get(path)));
  }
  return { values, files };
}

/** Documentation the docs rewriter handles, not a template and not a store or a requirements file that happens to end in .txt. */
function isProse(path: string, text: string | undefined): boolean {
  return languageNameFor(path, text ?? '') === 'docs' && isProsePath(path);
}

function plannedValue(value: NamedValue, existingEnv: string | undefined, encoded: boolean): PlannedValue {
  const first = value.sites[0]!.finding;
  const present = dotenvMap(existingEnv).get(value.name) === value.secret;
  return {
    name: value.name,
    secret: value.secret,
    redacted: redact(value.secret),
    provider: first.provider,
    ruleId: first.ruleId,
    docsUrl: first.docsUrl,
    sites: value.sites.map((site) => ({ path: site.finding.path, line: site.finding.line })),
    why: value.why,
    conflictsWith: value.conflictsWith,
    env: present ? 'present' : value.secret.includes('\n') || encoded ? 'not-stored' : value.docsOnly ? 'docs-only' : 'added',
    encoded,
  };
}

/**
 * Resolver placements for the Python files and notebooks that may import one, decided together
 * (one resolver per import root, python/placement.ts). Framework configs and files a Dockerfile
 * ships alone read the environment directly, so they take no part.
 */
function pythonPlacements(paths: readonly string[], input: PlanInput): Map<string, ResolverPlacement> {
  const candidates: PlacementCandidate[] = [];
  for (const path of paths) {
    const file = input.files.get(path);
    const notebook = /\.ipynb$/i.test(path);
    if (!file || (!notebook && !/\.pyw?$/i.test(path))) continue;
    if (!notebook && pythonRuntime(path, file.text, input.repoFiles, input.shippedAlone ?? new Set()) !== 'module') continue;
    candidates.push({ path, text: file.text, notebook });
  }
  return planPythonPlacements(candidates, input.repoFiles);
}

async function planFile(path: string, findings: NamedFinding[], input: PlanInput, pythonResolver?: ResolverPlacement): Promise<FileOutcome> {
  const file = input.files.get(path);
  const tracked = input.tracked?.has(path) ?? false;
  const base = { path, notes: [] as string[], findings, generated: [] as GeneratedFile[], tracked };
  if (!file) return { ...base, status: 'manual', reason: 'could not read the file', original: emptySource(path) };
  const outcome = (status: FileStatus, extra: Partial<FileOutcome>): FileOutcome => ({ ...base, original: file, status, ...extra });
  if (file.symlink) return outcome('manual', { reason: 'a symbolic link: edit the file it points to' });
  if (findings.some((finding) => input.rules.find((rule) => rule.id === finding.ruleId)?.decode)) {
    return outcome('manual', { reason: 'a base64-encoded credential: replace the whole decode expression with a lookup of the variable by hand (migrate rewrites only plain values)' });
  }
  if (findings.some((finding) => finding.split)) {
    return outcome('manual', { reason: 'a credential split across string literals: replace the whole expression with one lookup of the variable by hand' });
  }
  if (findings.some((finding) => finding.offset === undefined)) {
    return outcome('manual', { reason: 'the file changed since the scan (a value is not where it was found); run migrate again' });
  }
  const lookup = await input.resolveLanguage(path, file.text);
  if (lookup.kind === 'none') return outcome('manual', { reason: 'no rewriter for this kind of file: move the value to .env by hand and read it from the environment' });
  if (lookup.kind === 'unavailable') return outcome('manual', { language: lookup.name, reason: `the ${lookup.name} rewriter is not available (${lookup.error})` });
  const language = lookup.language.name;
  if (file.lossy && language !== 'docs') return outcome('manual', { language, reason: 'not valid UTF-8: rewriting it would change other bytes; edit it by hand' });
  const runtime = language === 'python' ? pythonRuntime(path, file.text, input.repoFiles, input.shippedAlone ?? new Set()) : 'module';
  const style = runtime === 'module' ? input.style : 'env';
  let result: RewriteResult;
  try {
    const optionalLookups = runtime === 'framework-config' || (language === 'python' && isSecretsModule(path));
    result = await lookup.language.rewrite({ path, root: input.root, text: file.text, findings, style, repoFiles: input.repoFiles, optionalLookups, pythonResolver });
  } catch (error) {
    return outcome('manual', { language, reason: `the ${language} rewriter failed: ${(error as Error).message.split('\n')[0]}` });
  }
  const notes = [...(result.notes ?? [])];
  if (runtime !== 'module' && result.status === 'changed') notes.push(RUNTIME_NOTES[runtime]);
  const shadowed = language === 'python' ? shadowsStdlib(path) : undefined;
  if (result.status === 'changed' && language === 'python' && isSecretsModule(path)) {
    notes.push(
      `a secrets module: its values are now find_secret(...) lookups (environment, then .env, then the provider login, else None), so importers' fallbacks (except ImportError, if X:) still apply${shadowed ? `; ${path} shadows the standard library's ${shadowed} module: rename it (say _local_secrets.py) and its imports` : ''}`,
    );
  }
  if (result.status === 'untrack') {
    if (isKeptOnPurpose(input.existing.gitignore, path)) {
      return outcome('manual', { language, notes, reason: '.gitignore re-includes this credential store (a ! pattern): the owner keeps it tracked on purpose; decide by hand, and rotate its values' });
    }
    return outcome('untrack', { language, reason: result.reason, notes, untrack: result.untrack ?? {} });
  }
  if (result.status === 'changed' && result.text !== undefined && result.text !== file.text) {
    return outcome('changed', { language, text: result.text, notes, generated: result.generated ?? [] });
  }
  return outcome('manual', { language, notes, reason: result.reason ?? 'the rewriter found no safe change' });
}

const RUNTIME_NOTES = {
  'framework-config':
    'a config the framework loads itself (mmengine _base_, a configs/ module that is not a package): plain os.environ.get lookups, no resolver import (mmengine would switch to lazy-import mode); the values must be in the environment when the job starts (set -a; . ./.env; set +a)',
  'ships-alone':
    'a Dockerfile copies this file on its own, without the resolver module: plain os.environ lookups; pass the values when the container runs (docker run --env-file .env, or the platform\'s secret settings)',
} as const;

function emptySource(path: string): SourceFile {
  return { path, text: '', encoding: 'utf8', lossy: false, symlink: false, mode: 0o644 };
}

/** Everything that follows from the verified rewrites: the support files and the write order. */
export function finalizePlan(draft: DraftPlan, input: PlanInput): MigrationPlan {
  const writes = new WriteSet(input);
  const notes: string[] = [];
  // No finding, no change: a clean repository gets no .env, template or ignore patterns.
  if (draft.values.length === 0) return { ...draft, writes: [], untrack: [], notes };
  const live = draft.values.filter((value) => value.env !== 'history-only');
  if (live.length === 0) {
    // Only old values in history: the purge file (under an ignored .leakguard/) and nothing else.
    const gitignore = updateGitignore(writes.current('.gitignore'), []);
    if (gitignore) writes.update('.gitignore', 'ignore', () => gitignore.text);
    writes.update(REPLACE_TEXT_PATH, 'replace-text', (current) => mergeReplaceText(current, draft.values), 0o600);
    return { ...draft, writes: writes.list(), untrack: [], notes };
  }
  const secrets = new Set(live.map((value) => value.secret));

  const additions = draft.values.filter((value) => value.env === 'added').map((value) => ({ name: value.name, value: value.secret, provider: value.provider }));
  const keptAside = draft.values.filter((value) => value.env === 'docs-only').map((value) => ({ name: value.name, value: value.secret, sites: value.sites }));
  writes.update('.env', 'env', (current) => mergeEnv(current, additions, keptAside), 0o600);
  // A `.env` others can read is tightened even when it gains no entry.
  const envMode = input.existing.envMode;
  if (input.existing.env !== undefined && envMode !== undefined && (envMode & 0o077) !== 0) writes.chmod('.env', 'env', 0o600);
  writes.update(REPLACE_TEXT_PATH, 'replace-text', (current) => mergeReplaceText(current, draft.values), 0o600);

  const generated: GeneratedFile[] = [];
  for (const file of draft.files) {
    if (file.status !== 'changed' || file.text === undefined) continue;
    writes.source(file);
    generated.push(...file.generated);
  }
  for (const extra of mergeResolvers(generated)) {
    if (extra.createOnly && writes.exists(extra.path)) {
      const resolver = extra.resolver && existingResolver(extra, writes.current(extra.path));
      if (resolver?.kind === 'regenerate') writes.update(extra.path, 'generated', () => resolver.text);
      else if (resolver?.kind === 'lacks') notes.push(resolver.note);
      continue;
    }
    writes.update(extra.path, 'generated', () => extra.text, extra.mode, extra.createOnly);
  }

  const untrack: string[] = [];
  const mustIgnore: string[] = [];
  const templates: string[] = [];
  const siblings: DotenvEntry[] = [];
  for (const file of draft.files) {
    if (file.status !== 'untrack') continue;
    mustIgnore.push(file.path);
    if (file.tracked) untrack.push(file.path);
    if (file.untrack?.dotenvSiblings) siblings.push(...parseDotenv(file.original.text));
    const template = file.untrack?.template;
    if (template && !hasTemplate(template.path, input.repoFiles) && !writes.exists(template.path)) {
      writes.update(template.path, 'template', () => template.text, undefined, true);
      templates.push(template.path);
    }
  }
  if (input.existing.env !== undefined) siblings.push(...parseDotenv(input.existing.env));
  // A value only documentation shows is no variable: .env.example does not ask for it.
  const variablesLive = live.filter((value) => value.env !== 'docs-only');
  const names = new Set(variablesLive.map((value) => value.name));
  const templatePath = TEMPLATE_CANDIDATES.find((candidate) => writes.exists(candidate)) ?? '.env.example';
  const variables = [...new Map(variablesLive.map((value) => [value.name, { name: value.name, provider: value.provider, docsUrl: value.docsUrl }])).values()];
  const keptSiblings = siblings.filter((entry) => !names.has(entry.key) && !secrets.has(entry.value));
  writes.update(templatePath, 'template', (current) => mergeTemplate(current, variables, keptSiblings));
  templates.push(templatePath);

  // Templates must stay visible to git even when a broad pattern (`**/hf_token*`) covers them.
  const gitignoreBefore = writes.current('.gitignore');
  const gitignore = updateGitignore(gitignoreBefore, mustIgnore);
  let gitignoreText = gitignore?.text ?? gitignoreBefore;
  for (const path of templates) {
    if (gitignoreText !== undefined && isIgnoredBy(gitignoreText, path)) gitignoreText = `${gitignoreText}!${exactPattern(path)}\n`;
  }
  if (gitignoreText !== gitignoreBefore) writes.update('.gitignore', 'ignore', () => gitignoreText);
  if ([...input.repoFiles].some((path) => /(?:^|\/)(?:Dockerfile|Containerfile)(?:\.[^/]*)?$/i.test(path))) {
    writes.update('.dockerignore', 'ignore', (current) => updateDockerignore(current)?.text);
  }

  if (input.tracked === undefined) notes.push('not a git repository: nothing was untracked and no history was searched; the files were still rewritten');
  if (input.existing.env !== undefined && parseDotenv(input.existing.env).some((entry) => !entry.shellSafe)) {
    notes.push('.env has values a shell cannot source as written (spaces or shell characters without quotes): scripts that load it with `set -a; . ./.env` need those lines quoted');
  }
  const docsOnly = draft.values.filter((value) => value.env === 'docs-only');
  if (docsOnly.length > 0) {
    notes.push(
      `${docsOnly.map((value) => value.redacted).join(', ')} appeared only in documentation: the docs now show a placeholder, and no code reads ${docsOnly.length === 1 ? 'it' : 'them'}, so ${docsOnly.length === 1 ? 'it is' : 'they are'} no variable (not in .env.example); kept in .env as a commented line naming where it was, and listed for rotation and in ${REPLACE_TEXT_PATH}`,
    );
  }
  for (const value of draft.values) {
    if (value.conflictsWith) notes.push(`.env already had ${value.conflictsWith} with a different value; it was left as it was and the hardcoded value went in as ${value.name}`);
    if (value.env === 'not-stored' && value.encoded) notes.push(`${value.name} is base64-encoded where it was found: put the decoded value in .env as ${value.name} by hand`);
    else if (value.env === 'not-stored') notes.push(`${value.name} spans several lines (a key file?): it stays in its own file and is not copied into .env`);
  }
  return { ...draft, writes: writes.list(), untrack, notes };
}

/**
 * One generated file per path. Resolvers shared by several rewritten files are rendered once for
 * the union of the names those files read; other generated files keep the first text planned.
 */
function mergeResolvers(generated: readonly GeneratedFile[]): GeneratedFile[] {
  const byPath = new Map<string, GeneratedFile>();
  for (const extra of generated) {
    const first = byPath.get(extra.path);
    if (!first) byPath.set(extra.path, extra);
    else if (first.resolver && extra.resolver) {
      const names = [...new Set([...first.resolver.names, ...extra.resolver.names])];
      byPath.set(extra.path, { ...first, text: first.resolver.render(names), resolver: { ...first.resolver, names } });
    }
  }
  return [...byPath.values()];
}

/**
 * A resolver that already exists is never overwritten once edited. One that is exactly what
 * leakguard rendered for the names in its header (nobody touched it) is re-rendered with the new
 * names added; an edited one, or one written by hand, that lacks a name gets a note instead.
 */
function existingResolver(extra: GeneratedFile, current: string | undefined): { kind: 'regenerate'; text: string } | { kind: 'lacks'; note: string } | undefined {
  const resolver = extra.resolver!;
  if (current === undefined) return undefined;
  const declared = resolver.declaredNames(current);
  const missing = resolver.names.filter((name) => !(declared ?? []).includes(name) && !new RegExp(`["']${name}["']`).test(current));
  if (missing.length === 0) return undefined;
  if (declared && resolver.render(declared) === current) return { kind: 'regenerate', text: resolver.render([...declared, ...missing]) };
  return {
    kind: 'lacks',
    note: `${extra.path} exists and was edited (or not written by leakguard), so it was left as it is; it has no entry for ${missing.join(', ')}: the lookups still read ${missing.length > 1 ? 'those names' : 'that name'} from the environment and .env, but not ${missing.length > 1 ? 'their' : 'its'} aliases, CLI login or token page. Add ${missing.length > 1 ? 'them' : 'it'} to its table by hand, or delete the file and run migrate again`,
  };
}

/**
 * The planned writes, one per path: a later step that touches a path already planned (a template
 * that was also rewritten, say) builds on the planned text instead of the text on disk.
 */
class WriteSet {
  private readonly writes = new Map<string, PlannedWrite>();

  constructor(private readonly input: PlanInput) {}

  /** The text the path will have: planned, else on disk (as read), else undefined. */
  current(path: string): string | undefined {
    return this.writes.get(path)?.after ?? this.onDisk(path);
  }

  exists(path: string): boolean {
    return this.writes.has(path) || this.input.repoFiles.has(path) || this.onDisk(path) !== undefined;
  }

  source(file: FileOutcome): void {
    this.writes.set(file.path, { path: file.path, before: file.original.text, after: file.text!, kind: 'source', encoding: file.original.encoding });
  }

  update(path: string, kind: WriteKind, next: (current: string | undefined) => string | undefined, mode?: number, createOnly?: boolean): void {
    const planned = this.writes.get(path);
    const after = next(this.current(path));
    if (after === undefined || after === this.current(path)) return;
    if (planned) planned.after = after;
    else this.writes.set(path, { path, before: this.onDisk(path), after, kind, encoding: 'utf8', mode, createOnly });
  }

  /** Same content, new mode (rewritten atomically like any other write). */
  chmod(path: string, kind: WriteKind, mode: number): void {
    const planned = this.writes.get(path);
    if (planned) planned.mode = mode;
    else {
      const text = this.onDisk(path);
      if (text !== undefined) this.writes.set(path, { path, before: text, after: text, kind, encoding: 'utf8', mode });
    }
  }

  list(): PlannedWrite[] {
    return [...this.writes.values()];
  }

  private onDisk(path: string): string | undefined {
    const existing = this.input.existing;
    if (path === '.env') return existing.env;
    if (path === '.gitignore') return existing.gitignore;
    if (path === '.dockerignore') return existing.dockerignore;
    if (path === REPLACE_TEXT_PATH) return existing.replaceText;
    return existing.other.get(path) ?? this.input.files.get(path)?.text;
  }
}

function hasTemplate(path: string, repoFiles: ReadonlySet<string>): boolean {
  const stem = path.replace(/\.example$/, '');
  return [`${stem}.example`, `${stem}.template`, `${stem}.sample`, `${stem}.dist`].some((candidate) => repoFiles.has(candidate));
}

/**
 * `value==>***REMOVED***` lines for `git filter-repo --replace-text`, merged with an existing
 * file. A multi-line value (a private key) becomes a `regex:` line matching exactly that text
 * with either line ending: filter-repo applies the expressions to whole blobs.
 */
function mergeReplaceText(existing: string | undefined, values: PlannedValue[]): string | undefined {
  const lines = existing === undefined ? [] : existing.split('\n').filter((line) => line.length > 0);
  const present = new Set(lines.map((line) => line.split('==>')[0]));
  let changed = false;
  for (const value of values) {
    const pattern = value.secret.includes('\n') ? `regex:${multilinePattern(value.secret)}` : value.secret;
    if (present.has(pattern)) continue;
    lines.push(`${pattern}==>***REMOVED***`);
    present.add(pattern);
    changed = true;
  }
  if (!changed) return undefined;
  return `${lines.join('\n')}\n`;
}

/** A Python regular expression for exactly this text, `\r?\n` for its line breaks. */
function multilinePattern(text: string): string {
  return text
    .replace(/\r?\n$/, '')
    .split(/\r?\n/)
    .map((line) => line.replace(/[^A-Za-z0-9 ]/g, (char) => (char === '\\' ? '\\\\' : `\\${char}`)))
    .join('\\r?\\n');
}
