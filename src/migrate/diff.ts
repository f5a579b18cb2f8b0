/**
 * `--dry-run` output: a unified diff of every planned write, as `git apply` reads it. Values are
 * redacted in the diff like everywhere else (the `.env` lines and the removed source lines hold
 * them), unless the user asked for `--reveal`.
 */
import { createTwoFilesPatch } from 'diff';
import { redact } from '../findings/redact.js';
import type { MigrationPlan } from './plan.js';

export function planDiff(plan: MigrationPlan, reveal: boolean): string {
  const secrets = plan.values.map((value) => value.secret).sort((a, b) => b.length - a.length);
  const hide = (text: string): string => (reveal ? text : secrets.reduce((out, secret) => out.split(secret).join(redact(secret)), text));
  const parts: string[] = [];
  for (const write of plan.writes) {
    if (write.before === write.after) {
      parts.push(`diff --git a/${write.path} b/${write.path}\nnew mode 100${(write.mode ?? 0o644).toString(8)}\n`);
      continue;
    }
    const from = write.before === undefined ? '/dev/null' : `a/${write.path}`;
    const patch = createTwoFilesPatch(from, `b/${write.path}`, hide(write.before ?? ''), hide(write.after), undefined, undefined, { context: 3 });
    // jsdiff prints an `Index:` and `===` banner; git's format starts at `diff --git`.
    const body = patch.replace(/^(?:Index: .*\n)?=+\n/, '');
    const header = [`diff --git a/${write.path} b/${write.path}`];
    if (write.before === undefined) header.push(`new file mode 100${(write.mode ?? 0o644).toString(8)}`);
    parts.push(`${header.join('\n')}\n${body}`);
  }
  for (const path of plan.untrack) parts.push(`# git rm --cached ${path}   (kept on disk, now ignored)\n`);
  return parts.join('');
}
