import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Where a scan's config lives and the one default git needs to know before it is read. Kept apart
 * from load.ts (schema, rules) so the launcher can find the file and guess git's size limit
 * (sources/git/prestart.ts) without loading the loader.
 */
export const CONFIG_FILE = '.leakguard.json';

/** `maxFileSize` when the config does not set it. */
export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;

/** `.leakguard.json` in `cwd` or the nearest ancestor, stopping at the repository root. */
export function findConfigFile(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(dir, '.git'))) return undefined; // a directory, or a file in a linked worktree
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
