/**
 * `leakguard migrate` as a library call: scan → plan (pure) → verify → apply, plus the report.
 * The CLI command is a thin shell over `migrate()`.
 */
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Finding } from '../types/index.js';
import { sortFindings } from '../findings/sort.js';
import { prepareScan, scanFragments, scanTree } from '../engine.js';
import { bufferToText, hasBinaryExtension, listFiles } from '../sources/files.js';
import { LeakguardError, EXIT } from '../util/errors.js';
import type { ResolverStyle } from './types.js';
import { createLanguageResolver, type LanguageResolver } from './languages/index.js';
import { finalizePlan, planRewrites, REPLACE_TEXT_PATH, type DraftPlan, type ExistingFiles, type MigrationPlan, type PlanInput, type SourceFile } from './plan.js';
import { verifyRewrites } from './verify.js';
import { applyPlan, ApplyError, readJournal, JOURNAL_PATH, type ApplyOptions, type ApplyResult } from './apply.js';
import { commitsHolding, dirtyPaths, openRepo, trackedFiles, type GitRepo } from './git.js';
import { buildReport, type MigrationReport } from './report.js';
import { planDiff } from './diff.js';
import { isLosslessUtf8 } from './text.js';
import { TEMPLATE_CANDIDATES } from './envfile.js';
import { isDockerfilePath, shippedAlone } from './runtime.js';
import { copiesAndFragments, knownValues, type TextFile } from './known-values.js';

export type { MigrationReport } from './report.js';
export type { MigrationPlan } from './plan.js';
export { formatMigrationText } from './report.js';

export interface MigrateOptions {
  /** The project root: `.env` and the templates go here. */
  root: string;
  configFile?: string;
  dryRun?: boolean;
  allowDirty?: boolean;
  style?: ResolverStyle;
  /** Look up the commits that hold each value (default true). */
  history?: boolean;
  reveal?: boolean;
  /**
   * Repository-relative files or directories to migrate; everything when absent. The hook's block
   * message names the file (`leakguard migrate configs/train.py`): a value found there is still
   * named, and written to `.env`, consistently with the rest of the repository.
   */
  only?: string[];
  /** Test hook for the rollback (see apply.ts). */
  failAfterWrites?: number;
  /** Called once, just before the first write: from here on the apply runs to its end. */
  onApplyStart?: () => void;
  /** Test hook: see ApplyOptions.onProgress. */
  onProgress?: ApplyOptions['onProgress'];
  /** Injected for tests; the real registry by default. */
  resolveLanguage?: LanguageResolver;
}

export interface MigrateResult {
  report: MigrationReport;
  plan: MigrationPlan;
  applied?: ApplyResult;
}

export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const root = options.root;
  if (!existsSync(root) || !lstatSync(root).isDirectory()) throw new LeakguardError(`migrate: ${root} is not a directory`);
  const scan = await prepareScan(root, options.configFile);
  const repo = await openRepo(root);
  const pending = readJournal(root);
  if (pending && !options.dryRun) return resumeJournal(pending, repo, options);
  const tracked = repo ? await trackedFiles(repo) : undefined;

  const result = await scanTree({ cwd: root, paths: [], configFile: options.configFile, threads: 'auto' });
  const listing = await listFiles(['.'], { cwd: root, ignorePaths: scan.config.ignorePaths, maxFileSize: Number.MAX_SAFE_INTEGER, gitignore: true });
  const listed = new Set(listing.files.map((file) => file.path));
  const findings: Finding[] = result.findings.filter((finding) => finding.commit === null);
  const notes: string[] = [];
  // Tracked files that .gitignore also matches are still in every clone: scan them too.
  const trackedIgnored = tracked ? [...tracked].filter((path) => !listed.has(path) && !hasBinaryExtension(path)) : [];
  for (const path of trackedIgnored) {
    const text = readText(root, path, scan.config.maxFileSize);
    if (text === undefined) continue;
    const found = scanFragments([{ path, text }], scan);
    if (found.length > 0) {
      findings.push(...found);
      notes.push(`${path} is tracked although .gitignore matches it: consider git rm --cached ${path}`);
    }
  }
  const repoFiles = new Set([...listed, ...(tracked ?? [])]);
  const credentialNames = new Set(scan.rules.flatMap((rule) => [rule.envVar, ...(rule.envAliases ?? [])]));
  const known = knownValues(findings, readOptional(root, '.env'), credentialNames);
  if (known.size > 0) {
    const texts: TextFile[] = [];
    for (const path of repoFiles) {
      if (hasBinaryExtension(path) || path === '.env' || path.startsWith('.leakguard/')) continue;
      const text = readText(root, path, scan.config.maxFileSize);
      if (text !== undefined) texts.push({ path, text });
    }
    findings.push(...copiesAndFragments(texts, known, findings));
  }
  if (options.only) {
    const wanted = options.only.map((path) => path.replace(/\/+$/, ''));
    const inScope = (path: string): boolean => wanted.some((only) => only === '.' || path === only || path.startsWith(`${only}/`));
    for (let i = findings.length - 1; i >= 0; i--) if (!inScope(findings[i]!.path)) findings.splice(i, 1);
  }
  // Plan in path order, whatever the order of discovery: a re-run after an interruption (when
  // `.env` is found as a tracked-but-ignored file instead) names and lists values the same way.
  sortFindings(findings);

  const files = new Map<string, SourceFile>();
  for (const path of new Set(findings.map((finding) => finding.path))) {
    const source = readSource(root, path);
    if (source) files.set(path, source);
  }
  const input: PlanInput = {
    root,
    findings,
    files,
    repoFiles,
    tracked,
    existing: readExisting(root, repoFiles),
    style: options.style ?? 'resolver',
    rules: scan.rules,
    resolveLanguage: options.resolveLanguage ?? createLanguageResolver(),
    shippedAlone: shippedAlone(readDockerfiles(root, repoFiles), repoFiles),
  };
  const draft = await planRewrites(input);
  await verifyRewrites(draft, scan, input.resolveLanguage);
  if (repo?.hasCommits && options.history !== false) await addHistoryOnlyValues(draft, root, options.configFile);
  for (const generated of draft.files.flatMap((file) => file.generated)) {
    const text = readOptional(root, generated.path);
    if (text !== undefined) (input.existing.other as Map<string, string>).set(generated.path, text);
  }
  const plan = finalizePlan(draft, input);
  plan.notes.unshift(...notes);

  const historySearched = Boolean(repo?.hasCommits) && options.history !== false && plan.values.length > 0;
  if (historySearched && repo) {
    const commits = await commitsHolding(repo, plan.values.map((value) => value.secret));
    for (const value of plan.values) {
      const holding = commits.get(value.secret) ?? [];
      if (holding.length > 0 || value.env !== 'history-only') value.commits = holding;
    }
  }

  if (pending) plan.notes.unshift(`an interrupted migration is pending (${JOURNAL_PATH}): run leakguard migrate without --dry-run to finish it`);
  if (options.dryRun) {
    const diff = planDiff(plan, options.reveal ?? false);
    return { plan, report: buildReport(plan, { dryRun: true, reveal: options.reveal ?? false, historySearched, diff, repoTop: repo?.top, root: resolve(root) }) };
  }
  let applied: ApplyResult | undefined;
  if (plan.writes.length > 0 || plan.untrack.length > 0) {
    if (repo && !options.allowDirty) await refuseDirty(repo, plan);
    applied = runApply(plan, repo, options, false);
    for (const path of applied.skipped) plan.notes.push(`${path} appeared while migrate ran and was left as it is`);
  }
  return { plan, applied, report: buildReport(plan, { dryRun: false, reveal: options.reveal ?? false, historySearched, repoTop: repo?.top, root: resolve(root) }) };
}

/**
 * Values that no longer appear in the tree but are still in a commit on some ref (an old key, a
 * deleted `secrets.py`, a private key): they go into the rotation list and the replace-text file,
 * never into `.env` or `.env.example` (no code reads them).
 */
async function addHistoryOnlyValues(draft: DraftPlan, root: string, configFile: string | undefined): Promise<void> {
  const { scanGit } = await import('../sources/git/scan-git.js');
  const history = await scanGit({ cwd: root, mode: { kind: 'history' }, configFile });
  const seen = new Set(draft.values.map((value) => value.secret));
  const names = new Set(draft.values.map((value) => value.name));
  for (const finding of sortFindings(history.findings)) {
    if (seen.has(finding.secret) || finding.split) continue;
    seen.add(finding.secret);
    let name = finding.envVar || 'SECRET';
    for (let n = 1; names.has(name); n++) name = `${finding.envVar || 'SECRET'}_OLD${n > 1 ? `_${n}` : ''}`;
    names.add(name);
    draft.values.push({
      name,
      secret: finding.secret,
      redacted: finding.redacted,
      provider: finding.provider,
      ruleId: finding.ruleId,
      docsUrl: finding.docsUrl,
      sites: [],
      env: 'history-only',
      commits: finding.commit ? [finding.commit.slice(0, 7)] : [],
      why: `only in git history (${finding.path}${finding.commit ? ` at ${finding.commit.slice(0, 7)}` : ''}): rotate it; nothing in the tree reads it`,
    });
  }
}

function runApply(plan: MigrationPlan, repo: GitRepo | undefined, options: MigrateOptions, resume: boolean): ApplyResult {
  options.onApplyStart?.();
  try {
    return applyPlan(plan, { root: options.root, repo, failAfterWrites: options.failAfterWrites, onProgress: options.onProgress, resume });
  } catch (error) {
    if (error instanceof ApplyError) throw new LeakguardError(`migrate: ${error.message}`);
    throw error;
  }
}

/**
 * A run was killed mid-apply: finish the plan it journaled rather than plan again from a tree that
 * is half rewritten (a fresh plan would no longer see the values already moved, and would write a
 * different `.env.example`). Each file must hold either its planned old text or its new one.
 */
function resumeJournal(plan: MigrationPlan, repo: GitRepo | undefined, options: MigrateOptions): MigrateResult {
  const applied = runApply(plan, repo, options, true);
  plan.notes.unshift(`finished the migration an interrupted run had started (${JOURNAL_PATH})`);
  return { plan, applied, report: buildReport(plan, { dryRun: false, reveal: options.reveal ?? false, historySearched: plan.values.some((value) => value.commits !== undefined), repoTop: repo?.top, root: resolve(options.root) }) };
}

async function refuseDirty(repo: GitRepo, plan: MigrationPlan): Promise<void> {
  // Everything migrate rewrites must be committed first, so `git diff` shows exactly what it did
  // and `git checkout` can undo it. `.env` and the replace-text file are local by design, and an
  // untracked store keeps its bytes on disk (local edits to a tracked `.env` are the norm).
  const touched = plan.writes.filter((write) => write.kind !== 'env' && write.kind !== 'replace-text').map((write) => write.path);
  const dirty = await dirtyPaths(repo, [...new Set(touched)]);
  if (dirty.length === 0) return;
  const shown = dirty.slice(0, 5).join(', ') + (dirty.length > 5 ? `, and ${dirty.length - 5} more` : '');
  throw new LeakguardError(`migrate: files it would change have uncommitted changes (${shown}); commit or stash them first, or pass --allow-dirty`, EXIT.dirty);
}

function readDockerfiles(root: string, repoFiles: ReadonlySet<string>): { path: string; text: string }[] {
  const found: { path: string; text: string }[] = [];
  for (const path of repoFiles) {
    if (!isDockerfilePath(path)) continue;
    const text = readOptional(root, path);
    if (text !== undefined) found.push({ path, text });
  }
  return found;
}

function readSource(root: string, path: string): SourceFile | undefined {
  const absolute = join(root, path);
  let stats;
  try {
    stats = lstatSync(absolute);
  } catch {
    return undefined;
  }
  if (stats.isSymbolicLink()) return { path, text: '', encoding: 'utf8', lossy: false, symlink: true, mode: stats.mode & 0o7777 };
  const buffer = readFileSync(absolute);
  const text = buffer.toString('utf8');
  const lossless = isLosslessUtf8(buffer, text);
  return {
    path,
    text: lossless ? text : buffer.toString('latin1'),
    encoding: lossless ? 'utf8' : 'latin1',
    lossy: !lossless,
    symlink: false,
    mode: stats.mode & 0o7777,
  };
}

function readText(root: string, path: string, maxSize: number): string | undefined {
  try {
    const absolute = join(root, path);
    const stats = lstatSync(absolute);
    if (!stats.isFile() || stats.size > maxSize) return undefined;
    return bufferToText(readFileSync(absolute));
  } catch {
    return undefined;
  }
}

function readOptional(root: string, path: string): string | undefined {
  try {
    const absolute = join(root, path);
    return lstatSync(absolute).isFile() ? readFileSync(absolute, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

function readExisting(root: string, repoFiles: ReadonlySet<string>): ExistingFiles {
  const other = new Map<string, string>();
  // Existing resolvers too: the plan re-renders an untouched one that lacks a name, and reports an edited one.
  const resolvers = [...repoFiles].filter((path) => /(?:^|\/)(?:secret_resolver\.py|secret-resolver\.(?:[mc]?ts|[mc]?js))$/.test(path));
  for (const candidate of [...TEMPLATE_CANDIDATES, ...resolvers]) {
    const text = readOptional(root, candidate);
    if (text !== undefined) other.set(candidate, text);
  }
  let envMode: number | undefined;
  try {
    envMode = lstatSync(join(root, '.env')).mode & 0o777;
  } catch {
    envMode = undefined;
  }
  return {
    env: readOptional(root, '.env'),
    envMode,
    gitignore: readOptional(root, '.gitignore'),
    dockerignore: readOptional(root, '.dockerignore'),
    replaceText: readOptional(root, REPLACE_TEXT_PATH),
    other,
  };
}
