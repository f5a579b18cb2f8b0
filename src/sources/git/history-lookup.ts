import { streamLog } from './log.js';

export interface HistoryLookup {
  /** Secret → the newest commit (on any ref) that added it. Secrets absent here were not found. */
  found: Map<string, string>;
  /** False when the time budget ran out before every commit was read. */
  complete: boolean;
  commitsChecked: number;
}

export interface HistoryLookupOptions {
  cwd: string;
  maxFileSize: number;
  /** Stop reading history after this long; the hook must not hang on a huge repository. */
  budgetMs: number;
}

/**
 * Has a value ever been committed, on any ref? Reads `git log --all -p` newest first and stops as
 * soon as every value is found. Values are matched here, in memory: passing them to
 * `git log -S<value>` would show each secret to every local user in the process list.
 */
export async function findInHistory(secrets: readonly string[], options: HistoryLookupOptions): Promise<HistoryLookup> {
  const pending = new Set(secrets);
  const lookup: HistoryLookup = { found: new Map(), complete: true, commitsChecked: 0 };
  if (pending.size === 0) return lookup;
  const deadline = performance.now() + options.budgetMs;
  const log = streamLog({ cwd: options.cwd, revisions: ['--all'], maxFileSize: options.maxFileSize, what: 'history check' });
  for await (const event of log) {
    if (event.kind === 'commit') {
      lookup.commitsChecked++;
      if (performance.now() > deadline) {
        lookup.complete = false;
        break;
      }
      continue;
    }
    if (event.kind !== 'added') continue;
    for (const secret of pending) {
      if (!event.added.fragment.text.includes(secret)) continue;
      lookup.found.set(secret, event.added.fragment.commit);
      pending.delete(secret);
    }
    if (pending.size === 0) break;
  }
  return lookup;
}
