/**
 * Synchronous git, for the index edits inside migrate's apply (`rm --cached`, its rollback
 * `add -f`, `ls-files` on resume). apply is synchronous on purpose: a SIGINT or SIGTERM is only
 * handled once it has finished or rolled back, which an await between two writes would break.
 */
import { spawnSync } from 'node:child_process';
import { MAX_OUTPUT_BYTES } from './commands.js';

export interface SyncRun {
  /** git's exit status, or -1 when it could not be started or printed more than the limit. */
  status: number;
  stdout: string;
  stderr: string;
}

export function gitSync(cwd: string, args: readonly string[], input?: string): SyncRun {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8', input, maxBuffer: MAX_OUTPUT_BYTES, windowsHide: true });
  if (run.error) return { status: -1, stdout: '', stderr: run.error.message };
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}
