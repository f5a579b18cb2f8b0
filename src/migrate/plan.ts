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
import type { GeneratedFile, NamedFinding, ResolverStyle, RewriteResult, UntrackRequest } from './types.js';
import type { LanguageResolver } from './languages/index.js';
import { contextNames, nameValues, type NamedValue, type ValueSite } from './names.js';
import { locateFinding } from './text.js';
import { dotenvMap, mergeEnv, mergeTemplate, parseDotenv, TEMPLATE_CANDIDATES, type DotenvEntry } from './envfile.js';
import { updateDockerignore, updateGitignore } from './gitignore.js';

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
  /** `added` to .env, already `present`, or `not-stored` (a multi-line value such as a PEM key). */
  env: 'added' | 'present' | 'not-stored';
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
    return { finding, context: file && offset !== undefined ? contextNames(file.text, offset, CODE_LANGUAGES.test(finding.path)) : [] };
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
  const values = named.map((value) => plannedValue(value, input.existing.env));

  const byPath = new Map<string, NamedFinding[]>();
  for (const { finding, offset } of located) {
    const list = byPath.get(finding.path) ?? [];
    // One edit per spot: overlapping rules can report the same value twice.
    if (offset !== undefined && list.some((other) => other.offset === offset)) continue;
    list.push({ ...finding, envVar: nameOf.get(finding.secret) ?? finding.envVar, offset });
    byPath.set(finding.path, list);
  }
  const files: FileOutcome[] = [];
  for (const path of [...byPath.keys()].sort()) {
    files.push(await planFile(path, byPath.get(path)!, input));
  }
  return { values, files };
}

function plannedValue(value: NamedValue, existingEnv: string | undefined): PlannedValue {
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
    env: present ? 'present' : value.secret.includes('\n') ? 'not-stored' : 'added',
  };
}

async function planFile(path: string, findings: NamedFinding[], input: PlanInput): Promise<FileOutcome> {
  const file = input.files.get(path);
  const tracked = input.tracked?.has(path) ?? false;
  const base = { path, notes: [] as string[], findings, generated: [] as GeneratedFile[], tracked };
  if (!file) return { ...base, status: 'manual', reason: 'could not read the file', original: emptySource(path) };
  const outcome = (status: FileStatus, extra: Partial<FileOutcome>): FileOutcome => ({ ...base, original: file, status, ...extra });
  if (file.symlink) return outcome('manual', { reason: 'a symbolic link: edit the file it points to' });
  if (findings.some((finding) => finding.offset === undefined)) {
    return outcome('manual', { reason: 'the file changed since the scan (a value is not where it was found); run migrate again' });
  }
  const lookup = await input.resolveLanguage(path, file.text);
  if (lookup.kind === 'none') return outcome('manual', { reason: 'no rewriter for this kind of file: move the value to .env by hand and read it from the environment' });
  if (lookup.kind === 'unavailable') return outcome('manual', { language: lookup.name, reason: `the ${lookup.name} rewriter is not available (${lookup.error})` });
  const language = lookup.language.name;
  if (file.lossy && language !== 'docs') return outcome('manual', { language, reason: 'not valid UTF-8: rewriting it would change other bytes; edit it by hand' });
  let result: RewriteResult;
  try {
    result = await lookup.language.rewrite({ path, root: input.root, text: file.text, findings, style: input.style, repoFiles: input.repoFiles });
  } catch (error) {
    return outcome('manual', { language, reason: `the ${language} rewriter failed: ${(error as Error).message.split('\n')[0]}` });
  }
  const notes = result.notes ?? [];
  if (result.status === 'untrack') {
    return outcome('untrack', { language, reason: result.reason, notes, untrack: result.untrack ?? {} });
  }
  if (result.status === 'changed' && result.text !== undefined && result.text !== file.text) {
    return outcome('changed', { language, text: result.text, notes, generated: result.generated ?? [] });
  }
  return outcome('manual', { language, notes, reason: result.reason ?? 'the rewriter found no safe change' });
}

function emptySource(path: string): SourceFile {
  return { path, text: '', encoding: 'utf8', lossy: false, symlink: false, mode: 0o644 };
}

/** Everything that follows from the verified rewrites: the support files and the write order. */
export function finalizePlan(draft: DraftPlan, input: PlanInput): MigrationPlan {
  const writes: PlannedWrite[] = [];
  const notes: string[] = [];
  const secrets = new Set(draft.values.map((value) => value.secret));

  const envText = mergeEnv(
    input.existing.env,
    draft.values.filter((value) => value.env === 'added').map((value) => ({ name: value.name, value: value.secret, provider: value.provider })),
  );
  if (envText !== undefined) writes.push({ path: '.env', before: input.existing.env, after: envText, kind: 'env', encoding: 'utf8', mode: 0o600 });
  else if (input.existing.env === undefined) notes.push('no value could be stored in .env (multi-line values stay in their own files)');

  const replaceText = mergeReplaceText(input.existing.replaceText, draft.values);
  if (replaceText !== undefined) {
    writes.push({ path: REPLACE_TEXT_PATH, before: input.existing.replaceText, after: replaceText, kind: 'replace-text', encoding: 'utf8', mode: 0o600 });
  }

  const generated = new Map<string, GeneratedFile>();
  for (const file of draft.files) {
    if (file.status !== 'changed' || file.text === undefined) continue;
    writes.push({ path: file.path, before: file.original.text, after: file.text, kind: 'source', encoding: file.original.encoding });
    for (const extra of file.generated) if (!generated.has(extra.path)) generated.set(extra.path, extra);
  }
  for (const extra of generated.values()) {
    const exists = input.repoFiles.has(extra.path) || input.existing.other.has(extra.path);
    if (extra.createOnly && exists) continue;
    writes.push({ path: extra.path, before: input.existing.other.get(extra.path), after: extra.text, kind: 'generated', encoding: 'utf8', mode: extra.mode, createOnly: extra.createOnly });
  }

  const untrack: string[] = [];
  const mustIgnore: string[] = [];
  const siblings: DotenvEntry[] = [];
  for (const file of draft.files) {
    if (file.status !== 'untrack') continue;
    mustIgnore.push(file.path);
    if (file.tracked) untrack.push(file.path);
    if (file.untrack?.dotenvSiblings) siblings.push(...parseDotenv(file.original.text));
    const template = file.untrack?.template;
    if (template && !hasTemplate(template.path, input.repoFiles)) {
      writes.push({ path: template.path, before: undefined, after: template.text, kind: 'template', encoding: 'utf8', createOnly: true });
    }
  }
  if (input.existing.env !== undefined) siblings.push(...parseDotenv(input.existing.env));
  const names = new Set(draft.values.map((value) => value.name));
  const templatePath = TEMPLATE_CANDIDATES.find((candidate) => input.repoFiles.has(candidate) || input.existing.other.has(candidate)) ?? '.env.example';
  const templateBefore = input.existing.other.get(templatePath);
  const variables = [...new Map(draft.values.map((value) => [value.name, { name: value.name, provider: value.provider, docsUrl: value.docsUrl }])).values()];
  const template = mergeTemplate(
    templateBefore,
    variables,
    siblings.filter((entry) => !names.has(entry.key) && !secrets.has(entry.value)),
  );
  if (template !== undefined) writes.push({ path: templatePath, before: templateBefore, after: template, kind: 'template', encoding: 'utf8' });

  const gitignore = updateGitignore(input.existing.gitignore, mustIgnore);
  if (gitignore) writes.push({ path: '.gitignore', before: input.existing.gitignore, after: gitignore.text, kind: 'ignore', encoding: 'utf8' });
  if ([...input.repoFiles].some((path) => /(?:^|\/)(?:Dockerfile|Containerfile)(?:\.[^/]*)?$/i.test(path))) {
    const dockerignore = updateDockerignore(input.existing.dockerignore);
    if (dockerignore) writes.push({ path: '.dockerignore', before: input.existing.dockerignore, after: dockerignore.text, kind: 'ignore', encoding: 'utf8' });
  }

  if (input.tracked === undefined) notes.push('not a git repository: nothing was untracked and no history was searched; the files were still rewritten');
  if (input.existing.env !== undefined && parseDotenv(input.existing.env).some((entry) => !entry.shellSafe)) {
    notes.push('.env has values a shell cannot source as written (spaces or shell characters without quotes): scripts that load it with `set -a; . ./.env` need those lines quoted');
  }
  for (const value of draft.values) {
    if (value.conflictsWith) notes.push(`.env already had ${value.conflictsWith} with a different value; it was left as it was and the hardcoded value went in as ${value.name}`);
    if (value.env === 'not-stored') notes.push(`${value.name} spans several lines (a key file?): it stays in its own file and is not copied into .env`);
  }
  return { ...draft, writes, untrack, notes };
}

function hasTemplate(path: string, repoFiles: ReadonlySet<string>): boolean {
  const stem = path.replace(/\.example$/, '');
  return [`${stem}.example`, `${stem}.template`, `${stem}.sample`, `${stem}.dist`].some((candidate) => repoFiles.has(candidate));
}

/** `value==>***REMOVED***` lines for `git filter-repo --replace-text`, merged with an existing file. */
function mergeReplaceText(existing: string | undefined, values: PlannedValue[]): string | undefined {
  const lines = existing === undefined ? [] : existing.split('\n').filter((line) => line.length > 0);
  const present = new Set(lines.map((line) => line.split('==>')[0]));
  let changed = false;
  for (const value of values) {
    if (value.secret.includes('\n') || present.has(value.secret)) continue;
    lines.push(`${value.secret}==>***REMOVED***`);
    present.add(value.secret);
    changed = true;
  }
  if (!changed) return undefined;
  return `${lines.join('\n')}\n`;
}
