/**
 * The git side of the audit report: for each found value, the commits that added it, whether HEAD
 * still holds it, which commit on HEAD's line removed it, and whether it was pushed. Reads git
 * only; every value is matched in memory, never passed to git. One-shot questions go through
 * simple-git (src/git/commands.ts); the history read is a streamed `git log -p` (src/git/process.ts).
 */
import { isAbsolute, posix, relative, resolve } from 'node:path';
import type { CommitInfo, CredentialState, Finding, FindingFacts, RemoteInfo } from '../types/index.js';
import { gitCommand, gitCommandOutput } from '../git/commands.js';
import { gitFailure, gitLines } from '../git/process.js';
import { readBlobs } from '../sources/git/cat-file.js';
import { COMMIT_INFO_FORMAT, parseCommitLine } from './commit-info.js';
import { eventKey, LOG_FORMAT, ValueEventParser, type LineChanges, type ValueEvents } from './value-events.js';
import { parseRemotes } from './remotes.js';
import { readsVariable } from './reads-variable.js';

export interface RepositoryFacts {
  head?: CommitInfo & { branch?: string };
  remotes: RemoteInfo[];
  findings: Record<string, FindingFacts>;
}

export interface GitFactsOptions {
  cwd: string;
  /** Tree scans: finding paths are relative to `cwd` and describe the working tree. */
  treeScan: boolean;
}

// Beyond this many paths the pathspec list costs more than reading every file's history.
const MAX_PATHSPECS = 1000;
// HEAD blobs larger than this are not searched (the scan's own limit is far below it).
const MAX_BLOB_BYTES = 64 * 1024 * 1024;

/** Undefined when `cwd` is not inside a git work tree. */
export async function collectGitFacts(findings: readonly Finding[], options: GitFactsOptions): Promise<RepositoryFacts | undefined> {
  const top = await gitCommand(options.cwd, ['rev-parse', '--show-toplevel']);
  if (top.code !== 0) return undefined;
  const root = top.stdout.trim();
  const repoPath = (path: string): string | undefined => toRepoPath(root, options.cwd, path, options.treeScan);

  const head = await readHead(root);
  const remotes = parseRemotes((await gitCommand(root, ['remote', '-v'])).stdout);
  const facts: RepositoryFacts = { head, remotes, findings: {} };

  const watched = new Map<string, string[]>();
  for (const finding of findings) {
    const path = repoPath(finding.path);
    if (path === undefined) continue;
    const values = watched.get(path) ?? [];
    if (!values.includes(finding.secret)) values.push(finding.secret);
    watched.set(path, values);
  }
  const events = await readValueEvents(root, watched);
  const headText = head ? await readHeadTexts(root, [...watched.keys()]) : new Map<string, string>();
  const onHead = head ? await revisionSet(root, ['HEAD']) : new Set<string>();
  const onRemotes = remotes.length > 0 ? await revisionSet(root, ['--remotes']) : new Set<string>();
  const missing = [...new Set(findings.map((finding) => finding.commit).filter((commit): commit is string => !!commit && !events.commits.has(commit)))];
  for (const info of await readCommits(root, missing)) events.commits.set(info.commit, info);
  const ignored = await ignoredPaths(root, [...watched.keys()].filter((path) => !headText.has(path)));

  for (const finding of findings) {
    const path = repoPath(finding.path);
    if (path === undefined) continue;
    const changes = events.changes.get(eventKey(path, finding.secret)) ?? new Map<string, LineChanges>();
    const adding = [...changes].filter(([, change]) => change.added > 0).map(([commit]) => commit);
    // A value the scan found in a commit is held there even when the log cannot show it verbatim
    // (joined split literals, decoded base64).
    if (finding.commit && !adding.includes(finding.commit)) adding.push(finding.commit);
    const commits = adding.map((commit) => events.commits.get(commit)).filter((info): info is CommitInfo => !!info).sort(byDate);
    const atHead = headText.get(path)?.includes(finding.secret) ?? false;
    const removedIn = atHead ? undefined : newestRemoval(changes, onHead, events);
    const state = toState({ atHead, treeScan: options.treeScan, commits, onHead, removedIn, migrated: isMigrated(headText.get(path), finding.envVar, ignored.has(path)) });
    const fact: FindingFacts = { state, commits, pushed: commits.some((info) => onRemotes.has(info.commit)) };
    if (removedIn && (state === 'removed' || state === 'migrated')) fact.removedIn = removedIn;
    facts.findings[finding.fingerprint] = fact;
  }
  return facts;
}

function toState(input: {
  atHead: boolean;
  treeScan: boolean;
  commits: CommitInfo[];
  onHead: ReadonlySet<string>;
  removedIn: CommitInfo | undefined;
  migrated: boolean;
}): CredentialState {
  if (input.atHead) return 'head';
  // A tree scan found it in the working tree, so it is there now whatever history says.
  if (input.treeScan || input.commits.length === 0) return 'uncommitted';
  if (!input.commits.some((info) => input.onHead.has(info.commit))) return 'history';
  return input.migrated ? 'migrated' : 'removed';
}

/** HEAD's file reads the variable now, or the credential file left the index and is ignored. */
function isMigrated(headText: string | undefined, envVar: string, ignoredNow: boolean): boolean {
  if (headText === undefined) return ignoredNow;
  return readsVariable(headText, envVar);
}

function newestRemoval(changes: ReadonlyMap<string, LineChanges>, onHead: ReadonlySet<string>, events: ValueEvents): CommitInfo | undefined {
  let newest: CommitInfo | undefined;
  for (const [commit, change] of changes) {
    if (change.removed <= change.added || !onHead.has(commit)) continue;
    const info = events.commits.get(commit);
    if (info && (!newest || info.date > newest.date)) newest = info;
  }
  return newest;
}

function byDate(a: CommitInfo, b: CommitInfo): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}

function toRepoPath(root: string, cwd: string, path: string, treeScan: boolean): string | undefined {
  if (!treeScan) return path;
  const absolute = isAbsolute(path) ? path : resolve(cwd, path);
  const inRepo = relative(root, absolute).split(/[\\/]/).join('/');
  return inRepo === '' || inRepo.startsWith('../') || isAbsolute(inRepo) ? undefined : posix.normalize(inRepo);
}

async function readHead(root: string): Promise<(CommitInfo & { branch?: string }) | undefined> {
  const log = await gitCommand(root, ['log', '-1', '--no-show-signature', COMMIT_INFO_FORMAT, 'HEAD', '--']);
  const info = log.code === 0 ? parseCommitLine(log.stdout.trim()) : undefined;
  if (!info) return undefined;
  const branch = (await gitCommand(root, ['symbolic-ref', '--short', '-q', 'HEAD'])).stdout.trim();
  return branch ? { ...info, branch } : info;
}

async function readCommits(root: string, commits: readonly string[]): Promise<CommitInfo[]> {
  if (commits.length === 0) return [];
  const output = await gitCommandOutput(root, ['log', '--no-walk=unsorted', '--no-show-signature', COMMIT_INFO_FORMAT, '--stdin'], 'html report', { input: `${commits.join('\n')}\n` });
  return output.split('\n').map(parseCommitLine).filter((info): info is CommitInfo => !!info);
}

async function revisionSet(root: string, revisions: readonly string[]): Promise<Set<string>> {
  const run = await gitCommand(root, ['rev-list', ...revisions, '--']);
  return new Set(run.code === 0 ? run.stdout.split('\n').filter(Boolean) : []);
}

/** Path → HEAD's text of it, for the paths HEAD has. */
async function readHeadTexts(root: string, paths: readonly string[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  if (paths.length === 0) return texts;
  const listing = await gitCommand(root, ['--literal-pathspecs', 'ls-tree', '-r', '-z', '--full-tree', 'HEAD', '--', ...paths]);
  if (listing.code !== 0) return texts;
  const blobOf = new Map<string, string>();
  for (const entry of listing.stdout.split('\0')) {
    const match = /^\d+ blob ([0-9a-f]+)\t(.+)$/s.exec(entry);
    if (match) blobOf.set(match[2]!, match[1]!);
  }
  const blobs = await readBlobs(root, [...blobOf.values()], MAX_BLOB_BYTES);
  for (const [path, id] of blobOf) {
    const blob = blobs.get(id);
    if (blob?.kind === 'blob') texts.set(path, blob.data.toString('utf8'));
  }
  return texts;
}

async function ignoredPaths(root: string, paths: readonly string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const run = await gitCommand(root, ['check-ignore', '--no-index', '-z', '--stdin'], { input: `${paths.join('\0')}\0` });
  return new Set(run.stdout.split('\0').filter(Boolean));
}

/** One pass over the history of the watched paths on every ref. */
async function readValueEvents(root: string, watched: ReadonlyMap<string, readonly string[]>): Promise<ValueEvents> {
  const parser = new ValueEventParser(watched);
  if (watched.size === 0) return parser.events;
  const paths = watched.size <= MAX_PATHSPECS ? [...watched.keys()] : [];
  const log = gitLines(root, [
    '-c', 'core.quotePath=true', '--literal-pathspecs',
    'log', '--all', '-p', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames',
    '--src-prefix=a/', '--dst-prefix=b/', '--root', '--no-show-signature', LOG_FORMAT, '--', ...paths,
  ]);
  for await (const line of log.lines) parser.line(line);
  const { code, stderr } = await log.exited;
  // A repository without commits has no history to read; anything else is a real failure.
  if (code !== 0 && !/does not have any commits|bad default revision/.test(stderr)) {
    throw gitFailure('html report', stderr);
  }
  return parser.events;
}
