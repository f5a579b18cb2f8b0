import { closeSync, constants, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LeakguardError } from './errors.js';
import { lazyCrypto } from './lazy-builtins.js';

/**
 * Writes a whole file without ever following a symlink at `path`: the text goes to a new file
 * beside it (O_CREAT | O_EXCL | O_NOFOLLOW, so nothing that already exists is opened), which
 * then replaces `path` by rename. A link planted at `path` is replaced, not written through, and
 * a reader never sees half a report. `mode` applies from the first byte (0600 for revealed secrets).
 */
export function writeFileReplacing(path: string, text: string, mode: number): void {
  const temp = join(dirname(path), `.${basename(path)}.${lazyCrypto().randomBytes(6).toString('hex')}.tmp`);
  let fd: number;
  try {
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), mode);
  } catch (error) {
    throw new LeakguardError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    const data = Buffer.from(text, 'utf8');
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temp, path);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
    throw new LeakguardError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}
