import type { Config, Finding, ScanNote, ScanResult } from '../../types/index.js';
import { scanFragment } from '../../scanner/index.js';
import { LeakguardError, UsageError } from '../../util/errors.js';
import type { ScanContext } from '../scan-context.js';
import { runGit } from '../../git/process.js';
import { startLog, type BlobChange } from './log.js';
import { readBlobs } from './cat-file.js';
import { readLimitFor, textToScan } from '../file-kinds.js';
import { unscannable } from './staged.js';

// Blobs are read after the log, this many changes per `git cat-file` process.
const BLOB_BATCH = 64;

/** A finding with the position of its commit in the log (higher is older). */
interface Sighting {
  finding: Finding;
  order: number;
}

export type CommitSelection =
  | { kind: 'range'; range: string }
  | { kind: 'since'; rev: string }
  | { kind: 'history' }
  /** Ready-made `git log` revision arguments (the pre-push hook's pushed commits); `label` names them. */
  | { kind: 'revisions'; revisions: string[]; label: string };

export interface CommitScanOptions {
  cwd: string;
  selection: CommitSelection;
  onProgress?: (commitsDone: number) => void;
}

/**
 * Scans the lines every selected commit added. A secret added in one commit and removed in the
 * next is still found. One secret seen in many commits (same rule, path and value) is reported
 * once, with its oldest commit and the number of commits that added it.
 */
export async function scanCommits(options: CommitScanOptions, config: Config, contextFor: (config: Config) => Promise<ScanContext>): Promise<ScanResult> {
  const { selection } = options;
  const what = selection.kind === 'revisions' ? 'scan --pre-push' : `scan --${selection.kind}`;
  const firstSeen = new Map<string, Sighting>();
  // Each (finding, commit) pair counts once: one commit adding a value on three lines is one.
  const counted = new Set<string>();
  const notes = new Map<string, ScanNote>();
  // Fragments that ran out of their time budget (scanner/budget.ts): the scan goes on, noted.
  const budgetNotes: ScanNote[] = [];
  const blobChanges: { change: BlobChange; order: number }[] = [];
  const stats = { files: 0, bytes: 0 };
  let commits = 0;
  const record = (finding: Finding, order: number): void => {
    const key = `${finding.ruleId}\0${finding.path}\0${finding.secret}`;
    const known = firstSeen.get(key);
    const commitKey = `${key}\0${finding.commit ?? ''}`;
    const newCommit = !counted.has(commitKey);
    counted.add(commitKey);
    const occurrences = (known?.finding.occurrences ?? 0) + (newCommit ? 1 : 0);
    // Newest first, parents after children: a later sighting is an older commit, and the first
    // line of the oldest commit is the one reported.
    if (known && (known.order > order || !newCommit)) {
      known.finding.occurrences = occurrences;
      return;
    }
    finding.occurrences = occurrences;
    firstSeen.set(key, { finding, order });
  };
  // One note per file and reason: a binary file touched in 300 commits is one thing to know.
  const note = (item: ScanNote): void => {
    const key = `${item.path}\0${item.reason}`;
    if (!notes.has(key) && !context.isIgnored(item.path)) notes.set(key, item);
  };
  // No revisions at all would make git log read HEAD: a push that only deletes sends nothing.
  if (selection.kind === 'revisions' && selection.revisions.length === 0) {
    await contextFor(config); // a bad rule in the config still fails the push, as with commits
    return { findings: [], stats: { ...stats, durationMs: 0 }, notes: [{ path: '', reason: 'summary', detail: `no commits to scan in ${describe(selection)}` }] };
  }
  // git starts before the rules compile: the two overlap (loadScanContext is ~15 ms of CPU, git's
  // start and revision walk as much again).
  const log = startLog({
    cwd: options.cwd,
    revisions: revisionArgs(selection),
    maxFileSize: config.maxFileSize,
    topoOrder: true,
    what,
    mergeDiffs: true,
  });
  let context: ScanContext;
  try {
    context = await contextFor(config);
  } catch (error) {
    log.stop();
    throw error;
  }
  try {
    for await (const batch of log.events) {
      for (const event of batch) {
        if (event.kind === 'commit') {
          options.onProgress?.(++commits);
          continue;
        }
        if (event.kind === 'skipped') {
          note({ path: event.path, reason: event.reason, ...(event.detail ? { detail: event.detail } : {}) });
          continue;
        }
        if (event.kind === 'blob') {
          if (!context.isIgnored(event.change.path)) blobChanges.push({ change: event.change, order: commits });
          continue;
        }
        const { fragment, lineMap, bytes } = event.added;
        if (context.isIgnored(fragment.path)) continue;
        stats.files += 1;
        stats.bytes += bytes;
        for (const finding of scanFragment(fragment, context.compiled, { allowValues: context.allowValues, notes: budgetNotes })) {
          finding.line = lineMap[finding.line - 1] ?? finding.line;
          record(finding, commits);
        }
      }
    }
  } catch (error) {
    throw await explainRevisionError(error, options.cwd, selection);
  }
  for (let at = 0; at < blobChanges.length; at += BLOB_BATCH) {
    await scanBlobChanges(options.cwd, blobChanges.slice(at, at + BLOB_BATCH), context, { record, note, stats, budgetNotes });
  }
  for (const item of budgetNotes) note(item);
  const summary: ScanNote = {
    path: '',
    reason: 'summary',
    detail: commits === 0 ? `no commits to scan in ${describe(selection)}` : `scanned ${commits} commit${commits === 1 ? '' : 's'} (${describe(selection)})`,
  };
  return {
    findings: [...firstSeen.values()].map((sighting) => sighting.finding),
    stats: { ...stats, durationMs: 0 },
    notes: [summary, ...context.notes, ...notes.values()],
  };
}

interface BlobSinks {
  record: (finding: Finding, order: number) => void;
  note: (note: ScanNote) => void;
  stats: { files: number; bytes: number };
  budgetNotes: ScanNote[];
}

/**
 * Files git printed as binary (or notebooks too big to print): their blobs are read, as the
 * staged scan reads them, and a finding counts when its secret is in the new blob but not in the
 * old one, i.e. when that commit added it.
 */
async function scanBlobChanges(cwd: string, batch: { change: BlobChange; order: number }[], context: ScanContext, sinks: BlobSinks): Promise<void> {
  const { maxFileSize } = context.config;
  const limits = new Map<string, number>();
  for (const { change } of batch) {
    const limit = readLimitFor(change.path, maxFileSize);
    limits.set(change.newBlob, Math.max(limits.get(change.newBlob) ?? 0, limit));
    if (change.oldBlob) limits.set(change.oldBlob, Math.max(limits.get(change.oldBlob) ?? 0, limit));
  }
  const limitOf = (id: string): number => limits.get(id) ?? maxFileSize;
  const fresh = await readBlobs(cwd, batch.map(({ change }) => change.newBlob), limitOf);
  const scannable: { change: BlobChange; order: number; text: string }[] = [];
  for (const item of batch) {
    const { change } = item;
    const blob = fresh.get(change.newBlob);
    if (!blob || blob.kind === 'missing') {
      sinks.note({ path: change.path, reason: 'unreadable', detail: `blob of ${change.commit.slice(0, 7)} is missing` });
      continue;
    }
    if (blob.kind === 'too-large') {
      sinks.note({ path: change.path, reason: 'too-large', detail: `${blob.size} bytes in ${change.commit.slice(0, 7)}, maxFileSize is ${maxFileSize}` });
      continue;
    }
    const skip = unscannable(change.path, blob.data, maxFileSize);
    if (skip) {
      sinks.note(skip);
      continue;
    }
    sinks.stats.files += 1;
    sinks.stats.bytes += blob.data.length;
    scannable.push({ ...item, text: textToScan(blob.data, change.path)! });
  }
  const olds = await readBlobs(cwd, scannable.flatMap(({ change }) => (change.oldBlob ? [change.oldBlob] : [])), limitOf);
  const scan = (path: string, text: string, commit: string | null): Finding[] =>
    scanFragment({ path, text, commit }, context.compiled, { allowValues: context.allowValues, notes: sinks.budgetNotes });
  for (const { change, order, text } of scannable) {
    const old = change.oldBlob ? olds.get(change.oldBlob) : undefined;
    const oldText = old?.kind === 'blob' ? textToScan(old.data, change.path) : undefined;
    const before = new Set(oldText === undefined ? [] : scan(change.path, oldText, null).map((finding) => finding.secret));
    for (const finding of scan(change.path, text, change.commit)) {
      if (!before.has(finding.secret)) sinks.record(finding, order);
    }
  }
}

function revisionArgs(selection: CommitSelection): string[] {
  // --end-of-options: a "revision" such as `--output=x` must never reach git as an option.
  if (selection.kind === 'history') return ['--all'];
  if (selection.kind === 'revisions') return selection.revisions;
  const revision = selection.kind === 'range' ? selection.range : `${selection.rev}..HEAD`;
  if (revision.trim() === '' || /[\n\0]/.test(revision)) throw new UsageError(`scan --${selection.kind}: expected a revision`);
  return ['--end-of-options', revision];
}

function describe(selection: CommitSelection): string {
  if (selection.kind === 'history') return 'every ref';
  if (selection.kind === 'revisions') return selection.label;
  return selection.kind === 'range' ? selection.range : `${selection.rev}..HEAD`;
}

/** A missing base commit in CI is nearly always a shallow clone; say so instead of just "bad revision". */
async function explainRevisionError(error: unknown, cwd: string, selection: CommitSelection): Promise<unknown> {
  if (!(error instanceof LeakguardError) || selection.kind === 'history' || selection.kind === 'revisions') return error;
  if (!/unknown revision|bad revision|ambiguous argument|invalid symmetric difference/i.test(error.message)) return error;
  const shallow = await runGit(cwd, ['rev-parse', '--is-shallow-repository']).catch(() => undefined);
  if (shallow?.stdout.toString().trim() !== 'true') return error;
  return new LeakguardError(`${error.message} (this clone is shallow: fetch full history, e.g. actions/checkout with fetch-depth: 0)`);
}
