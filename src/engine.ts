/**
 * The programmatic API and the orchestration behind `leakguard scan`:
 * config → rules → source → scan → findings. The CLI is a thin shell over these functions.
 */
import { availableParallelism } from 'node:os';
import type { Finding, Fragment, ScanNote, ScanResult } from './types/index.js';
import { ignoreWarning } from './sources/config-trust.js';
import { globMatcher } from './util/globs.js';
import { readBaselineFile } from './config/baseline-file.js';
import { scanFragment } from './scanner/index.js';
import { loadScanContext, type ScanContext } from './sources/scan-context.js';
import { listFiles, type FileEntry, type Listing } from './sources/files.js';
import { scanFileBatch } from './workers/scan-files.js';
import { closesBatch, toBatches } from './workers/batches.js';
import type { WorkerReply, WorkerSetup } from './workers/protocol.js';
import type { PoolWorker } from './workers/pool.js';
import { applyBaseline } from './findings/baseline.js';
import { sortFindings } from './findings/sort.js';

export type * from './types/index.js';
export { compileRules, scanFragment } from './scanner/index.js';
export { loadBuiltinRules } from './rules/builtin.js';
export { createBaseline, applyBaseline } from './findings/baseline.js';
export { findConfigFile } from './config/load.js';
export type { ScanContext } from './sources/scan-context.js';
export { readBaselineFile } from './config/baseline-file.js';

/** Config and compiled rules for a scan rooted at `cwd` (see sources/scan-context.ts). */
export const prepareScan = loadScanContext;

/** Scans in-memory fragments (staged blobs, history patches, editor buffers). */
export function scanFragments(fragments: Iterable<Fragment>, context: ScanContext): Finding[] {
  const findings: Finding[] = [];
  for (const fragment of fragments) {
    for (const finding of scanFragment(fragment, context.compiled, { allowValues: context.allowValues })) {
      findings.push(finding);
    }
  }
  return findings;
}

export interface ScanTreeOptions {
  cwd: string;
  paths: string[];
  configFile?: string;
  baselineFile?: string;
  /** Worker threads: a number, or 'auto' to use them only when the tree is large. */
  threads?: number | 'auto';
  gitignore?: boolean;
  onProgress?: (done: number, total: number) => void;
}

// Below this many bytes, starting workers costs more than it saves (measured in `npm run bench`).
const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;
const PARALLEL_MIN_FILES = 400;
// A tree of up to this many files is sized file by file (an lstat is ~10 µs): with few files, one
// large file left out of a batch's weight unbalances the threads (wandb/examples, 476 files, was
// 18 ms slower sampled). Past that, one file in SIZE_EVERY stands for the rest.
const SIZED_EXACTLY = 1024;
const SIZE_EVERY = 8;

export async function scanTree(options: ScanTreeOptions): Promise<ScanResult> {
  const started = performance.now();
  const context = await prepareScan(options.cwd, options.configFile);
  const requested = options.threads ?? 'auto';
  const { maxFileSize } = context.config;
  const setup = { rules: context.rules, allowValues: [...context.allowValues], maxFileSize, guarded: context.config.unprovenRules ?? [] };
  const early = await earlyWorkers(requested, setup);
  let listing;
  try {
    listing = await listFiles(options.paths.length > 0 ? options.paths : ['.'], {
      cwd: options.cwd,
      ignorePaths: context.config.ignorePaths,
      maxFileSize,
      gitignore: options.gitignore ?? true,
      onListed: early?.onListed,
      // Sizes serve to tell a large tree and to even out batches: past a large tree's file count
      // none is needed, and among many files a sample does.
      sizing: { exact: SIZED_EXACTLY, every: SIZE_EVERY, until: PARALLEL_MIN_FILES * 10 },
    });
  } catch (error) {
    await early?.stop();
    throw error;
  }
  const batches = toBatches(listing);
  const result: ScanResult = { findings: [], stats: { files: 0, bytes: 0, durationMs: 0 }, notes: [] };
  let done = 0;
  const notes: ScanNote[] = [];
  const collect = (reply: WorkerReply): void => {
    for (const finding of reply.findings) result.findings.push(finding);
    result.stats.files += reply.files;
    result.stats.bytes += reply.bytes;
    for (const note of reply.notes) notes.push(note);
    done += reply.files + reply.notes.length;
    options.onProgress?.(done, listing.files.length);
  };
  const threads = chooseThreads(requested, listing);
  if (threads > 1) {
    const { runPool } = await import('./workers/pool.js');
    await runPool(setup, batches, threads, collect, (batch) => scanFileBatch(batch, context.compiled, context.allowValues, maxFileSize), early?.workers);
  } else {
    await early?.stop();
    for (const batch of batches) collect(scanFileBatch(batch, context.compiled, context.allowValues, maxFileSize));
  }
  notes.push(...listing.skipped);
  notes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const warning = ignoreWarning(context.config, globMatcher, { candidates: listing.candidates, ignored: listing.ignoredByConfig }, options.cwd);
  result.notes = [...(warning ? [warning] : []), ...context.notes, ...notes];
  await filterWithBaseline(result, options.baselineFile);
  sortFindings(result.findings);
  result.stats.durationMs = Math.round(performance.now() - started);
  return result;
}

export async function filterWithBaseline(result: ScanResult, baselineFile: string | undefined): Promise<void> {
  if (!baselineFile) return;
  const baseline = readBaselineFile(baselineFile);
  const filtered = applyBaseline(result.findings, baseline);
  result.findings = filtered.findings;
  result.staleBaseline = filtered.stale;
}

function chooseThreads(requested: number | 'auto', listing: Listing): number {
  if (requested !== 'auto') return Math.max(1, requested);
  const cores = availableParallelism();
  if (cores < 2) return 1;
  return isLargeTree(listing.estimatedBytes, listing.files.length) ? cores : 1;
}

function isLargeTree(bytes: number, files: number): boolean {
  return bytes >= PARALLEL_MIN_BYTES || files >= PARALLEL_MIN_FILES * 10;
}

interface EarlyWorkers {
  workers: PoolWorker[];
  onListed: (entry: FileEntry) => void;
  stop: () => Promise<void>;
}

/**
 * Workers started while the tree is walked: a worker needs ~100 ms to start (an isolate, the
 * bundle, compiling the rules), which used to follow the walk and delay every worker's first
 * batch. They start one by one as the listing grows enough batches to share (and, with 'auto',
 * once the tree is large enough to be scanned in parallel at all), so a small tree starts none.
 */
async function earlyWorkers(requested: number | 'auto', setup: WorkerSetup): Promise<EarlyWorkers | undefined> {
  const threads = requested === 'auto' ? availableParallelism() : Math.max(1, requested);
  if (threads < 2) return undefined;
  const pool = await import('./workers/pool.js');
  const workers: PoolWorker[] = [];
  let bytes = 0;
  let sized = 0;
  let files = 0;
  let batchBytes = 0;
  let batchFiles = 0;
  let batches = 1;
  const onListed = (entry: FileEntry): void => {
    if (entry.size !== undefined) {
      bytes += entry.size;
      sized++;
    }
    files++;
    // The walk sizes a sample of a large tree's files: the others weigh their average.
    const average = sized === 0 ? 0 : bytes / sized;
    // The same cut as toBatches, on the walk's order: an estimate, good enough to pace start-up.
    batchBytes += entry.size ?? average;
    batchFiles++;
    if (closesBatch(batchBytes, batchFiles)) {
      batches++;
      batchBytes = 0;
      batchFiles = 0;
    }
    if (workers.length >= Math.min(threads - 1, batches - 1)) return;
    if (requested === 'auto' && !isLargeTree(average * files, files)) return;
    workers.push(...pool.startWorkers(setup, 1));
  };
  return { workers, onListed, stop: () => pool.stopWorkers(workers) };
}
