import type { Baseline, Finding, ScanResult } from '../../types/index.js';
import { applyBaseline } from '../../findings/baseline.js';
import { sortFindings } from '../../findings/sort.js';
import { loadScanConfig, scanContextFor } from '../scan-context.js';
import { readBaselineFile } from '../../config/baseline-file.js';

export type GitScanMode =
  | { kind: 'staged'; paths: string[] }
  | { kind: 'range'; range: string }
  | { kind: 'since'; rev: string }
  | { kind: 'history' }
  | { kind: 'revisions'; revisions: string[]; label: string };

export interface GitScanOptions {
  cwd: string;
  mode: GitScanMode;
  configFile?: string;
  baselineFile?: string;
  onProgress?: (done: number, total?: number) => void;
}

/**
 * `scan --staged` (the index: what the next commit holds), `--range A..B` / `--since REV` (every
 * commit in a CI range) and `--history` (every commit of every ref). Git is the only reader: the
 * working tree is never consulted.
 */
export async function scanGit(options: GitScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const config = await loadScanConfig(options.cwd, options.configFile);
  const { mode } = options;
  let result: ScanResult;
  let renames = new Map<string, string>();
  // Each mode loads only its own modules: the hook never parses `git log`.
  if (mode.kind === 'staged') {
    const { scanStaged } = await import('./scan-staged.js');
    ({ result, renames } = await scanStaged(options.cwd, mode.paths, await scanContextFor(config, options.cwd)));
  } else {
    const { scanCommits } = await import('./scan-commits.js');
    const onProgress = options.onProgress;
    // scanCommits compiles the rules itself, once git is running.
    const contextFor = (loaded: typeof config) => scanContextFor(loaded, options.cwd);
    result = await scanCommits({ cwd: options.cwd, selection: mode, onProgress: onProgress && ((done) => onProgress(done)) }, config, contextFor);
  }
  if (options.baselineFile) {
    const filtered = filterBaseline(result.findings, readBaselineFile(options.baselineFile), renames);
    result.findings = filtered.findings;
    // Only a scan of everything can tell that an entry matches nothing any more.
    if (mode.kind === 'history') result.staleBaseline = filtered.stale;
  }
  sortFindings(result.findings);
  result.stats.durationMs = Math.round(performance.now() - started);
  return result;
}

/** Baseline entries are keyed by path; a renamed file's findings also match under its old path. */
function filterBaseline(findings: Finding[], baseline: Baseline, renames: ReadonlyMap<string, string>) {
  const filtered = applyBaseline(findings, baseline);
  if (renames.size === 0) return filtered;
  const kept = filtered.findings.filter((finding) => {
    const from = renames.get(finding.path);
    return from === undefined || applyBaseline([{ ...finding, path: from }], baseline).findings.length === 1;
  });
  return { findings: kept, stale: filtered.stale };
}
