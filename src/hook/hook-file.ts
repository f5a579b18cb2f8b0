/**
 * Editing a hook script that may already do other things. leakguard owns only the lines between
 * its two markers: install adds or refreshes them, uninstall takes them out, and nothing else in
 * the file is touched.
 */

export const BLOCK_START = '# >>> leakguard >>>';
export const BLOCK_END = '# <<< leakguard <<<';
export const SHEBANG = '#!/bin/sh';

export type InsertAction = 'created' | 'added' | 'updated' | 'unchanged';

export class HookFileError extends Error {}

/** Wraps hook commands in the markers. */
export function makeBlock(body: readonly string[]): string {
  return [BLOCK_START, '# Added by `leakguard install`; `leakguard uninstall` removes this block.', ...body, BLOCK_END].join('\n');
}

/**
 * Adds (or refreshes) the block. It goes right after the shebang and any line that sources
 * husky.sh, before the file's own commands: a hook that ends in `exec …` or `exit 0` (the pre-commit
 * framework's does) would never reach a block appended at the end.
 */
export function insertBlock(existing: string | undefined, block: string): { text: string; action: InsertAction } {
  if (existing === undefined || existing.trim() === '') return { text: `${SHEBANG}\n${block}\n`, action: 'created' };
  const lines = existing.split('\n');
  const start = lines.indexOf(BLOCK_START);
  const end = lines.indexOf(BLOCK_END);
  if (start !== -1 && end > start) {
    const current = lines.slice(start, end + 1).join('\n');
    if (current === block) return { text: existing, action: 'unchanged' };
    lines.splice(start, end - start + 1, block);
    return { text: lines.join('\n'), action: 'updated' };
  }
  assertShellScript(lines[0] ?? '');
  let at = lines[0]?.startsWith('#!') ? 1 : 0;
  while (at < lines.length && /husky\.sh/.test(lines[at] ?? '')) at++;
  lines.splice(at, 0, block, '');
  return { text: lines.join('\n'), action: 'added' };
}

/** Removes the block; `empty` says whether anything but a shebang and blank lines is left. */
export function removeBlock(text: string): { text: string; removed: boolean; empty: boolean } {
  const lines = text.split('\n');
  const start = lines.indexOf(BLOCK_START);
  const end = lines.indexOf(BLOCK_END);
  if (start === -1 || end < start) return { text, removed: false, empty: false };
  const blankAfter = lines[end + 1] === '' && end + 1 < lines.length - 1 ? 1 : 0;
  lines.splice(start, end - start + 1 + blankAfter);
  const rest = lines.join('\n');
  const empty = lines.every((line, index) => line.trim() === '' || (index === 0 && line.startsWith('#!')));
  return { text: rest, removed: true, empty };
}

/** Our block is POSIX sh; putting it into a Python or Node hook would break that hook. */
function assertShellScript(firstLine: string): void {
  if (!firstLine.startsWith('#!')) return; // no shebang: git runs it with sh
  if (/\b(sh|bash|dash|zsh|ksh|ash)\b/.test(firstLine)) return;
  throw new HookFileError(`it is not a shell script (${firstLine.slice(2).trim()})`);
}
