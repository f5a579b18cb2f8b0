import { relative } from 'node:path';
import type { Config, ScanNote } from '../types/index.js';

// A share of dropped files above this, in a scan of at least MIN_FILES, reads as "scanner off".
const SHARE_LIMIT = 0.5;
const MIN_FILES = 10;
// Paths no sensible ignore pattern matches all of: a pattern that does is a blanket.
const PROBES = ['train.py', 'src/app/config.py', '.env', 'notebooks/demo.ipynb', 'deep/a/b/c/d/settings.yaml'];

/**
 * A repository's `.leakguard.json` travels with the code, so a pattern that drops everything, or
 * most of what would be scanned, must be said out loud in the hook's output and in reports:
 * otherwise a commit that adds it turns the scanner off for every contributor without a word.
 */
export function ignoreWarning(
  config: Config,
  matcherFor: (globs: string[]) => (path: string) => boolean,
  counts: { candidates: number; ignored: number },
  cwd: string,
): ScanNote | undefined {
  if (config.ignorePaths.length === 0) return undefined;
  const blanket = config.ignorePaths.filter((glob) => PROBES.every(matcherFor([glob])));
  const { candidates, ignored } = counts;
  const all = candidates > 0 && ignored === candidates;
  const most = candidates >= MIN_FILES && ignored / candidates > SHARE_LIMIT;
  if (blanket.length === 0 && !all && !most) return undefined;
  const parts: string[] = [];
  if (candidates > 0) parts.push(`ignorePaths drops ${ignored} of ${candidates} files`);
  if (blanket.length > 0) parts.push(`${blanket.map((glob) => JSON.stringify(glob)).join(', ')} matches every path`);
  return {
    path: config.source ? relative(cwd, config.source) || config.source : '.leakguard.json',
    reason: 'config',
    detail: `warning: ${parts.join('; ')}; those files were not scanned (check who changed ignorePaths)`,
  };
}
