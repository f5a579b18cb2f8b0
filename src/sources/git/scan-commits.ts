import type { Finding, ScanResult } from '../../types/index.js';
import { scanFragment } from '../../scanner/index.js';
import { LeakguardError, UsageError } from '../../util/errors.js';
import type { ScanContext } from '../scan-context.js';
import { runGit, supportsRemergeDiff } from './git-process.js';
import { streamLog } from './log.js';

export type CommitSelection = { kind: 'range'; range: string } | { kind: 'since'; rev: string } | { kind: 'history' };

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
export async function scanCommits(options: CommitScanOptions, context: ScanContext): Promise<ScanResult> {
  const { selection } = options;
  const what = `scan --${selection.kind}`;
  const firstSeen = new Map<string, Finding>();
  const notes: string[] = [];
  let commits = 0;
  let files = 0;
  let bytes = 0;
  const log = streamLog({
    cwd: options.cwd,
    revisions: revisionArgs(selection),
    maxFileSize: context.config.maxFileSize,
    topoOrder: true,
    what,
    mergeDiffs: await supportsRemergeDiff(options.cwd),
  });
  try {
    for await (const event of log) {
      if (event.kind === 'commit') {
        options.onProgress?.(++commits);
        continue;
      }
      if (event.kind === 'skipped') {
        if (!context.isIgnored(event.path)) notes.push(`skipped ${event.path} in ${event.commit.slice(0, 7)}: ${event.reason}`);
        continue;
      }
      const { fragment, lineMap } = event.added;
      if (context.isIgnored(fragment.path)) continue;
      files += 1;
      bytes += Buffer.byteLength(fragment.text);
      for (const finding of scanFragment(fragment, context.compiled, { allowValues: context.allowValues, notes })) {
        finding.line = lineMap[finding.line - 1] ?? finding.line;
        const key = `${finding.ruleId}\0${finding.path}\0${finding.secret}`;
        // Newest first, parents after children: a later sighting is an older commit.
        finding.occurrences = (firstSeen.get(key)?.occurrences ?? 0) + 1;
        firstSeen.set(key, finding);
      }
    }
  } catch (error) {
    throw await explainRevisionError(error, options.cwd, selection);
  }
  notes.unshift(commits === 0 ? `no commits to scan in ${describe(selection)}` : `scanned ${commits} commit${commits === 1 ? '' : 's'} (${describe(selection)})`);
  return { findings: [...firstSeen.values()], stats: { files, bytes, durationMs: 0 }, notes };
}

function revisionArgs(selection: CommitSelection): string[] {
  // --end-of-options: a "revision" such as `--output=x` must never reach git as an option.
  if (selection.kind === 'history') return ['--all'];
  const revision = selection.kind === 'range' ? selection.range : `${selection.rev}..HEAD`;
  if (revision.trim() === '' || /[\n\0]/.test(revision)) throw new UsageError(`scan --${selection.kind}: expected a revision`);
  return ['--end-of-options', revision];
}

function describe(selection: CommitSelection): string {
  if (selection.kind === 'history') return 'every ref';
  return selection.kind === 'range' ? selection.range : `${selection.rev}..HEAD`;
}

/** A missing base commit in CI is nearly always a shallow clone; say so instead of just "bad revision". */
async function explainRevisionError(error: unknown, cwd: string, selection: CommitSelection): Promise<unknown> {
  if (!(error instanceof LeakguardError) || selection.kind === 'history') return error;
  if (!/unknown revision|bad revision|ambiguous argument|invalid symmetric difference/i.test(error.message)) return error;
  const shallow = await runGit(cwd, ['rev-parse', '--is-shallow-repository']).catch(() => undefined);
  if (shallow?.stdout.toString().trim() !== 'true') return error;
  return new LeakguardError(`${error.message} (this clone is shallow: fetch full history, e.g. actions/checkout with fetch-depth: 0)`);
}
