/**
 * `git diff --raw -z` records: `:<mode> <mode> <sha> <sha> <status>[score]\0<path>\0[<path>\0]`.
 * With -z git never quotes a path, so names with spaces, quotes, newlines or non-ASCII bytes come
 * through exactly as they are in the index.
 */

/** A: added, C: copied, D: deleted, M: modified, R: renamed, T: type changed, U: unmerged. */
export type ChangeStatus = 'A' | 'C' | 'D' | 'M' | 'R' | 'T' | 'U' | 'X';

export interface RawChange {
  status: ChangeStatus;
  /** Similarity percentage of a rename or copy. */
  score?: number;
  oldMode: string;
  newMode: string;
  oldBlob: string;
  newBlob: string;
  /** The path the change leaves behind (the destination of a rename or copy). */
  path: string;
  /** The source of a rename or copy. */
  fromPath?: string;
}

export const GITLINK_MODE = '160000';
export const SYMLINK_MODE = '120000';

export interface RawSection {
  changes: RawChange[];
  /** Offset where the patch that `-p` appends begins (after the NUL that ends the raw part). */
  patchStart: number;
}

/** Parses the raw records at the start of `output`, stopping at the first byte that is not `:`. */
export function parseRawSection(output: Buffer): RawSection {
  const changes: RawChange[] = [];
  let at = 0;
  const field = (): string => {
    const end = output.indexOf(0, at);
    if (end === -1) throw new Error('truncated raw diff record');
    const value = output.toString('utf8', at, end);
    at = end + 1;
    return value;
  };
  while (at < output.length && output[at] === 0x3a /* : */) {
    at += 1;
    const [oldMode, newMode, oldBlob, newBlob, statusField] = field().split(' ');
    if (!oldMode || !newMode || !oldBlob || !newBlob || !statusField) throw new Error('malformed raw diff record');
    const status = statusField[0] as ChangeStatus;
    const change: RawChange = { status, oldMode, newMode, oldBlob, newBlob, path: '' };
    if (statusField.length > 1) change.score = Number(statusField.slice(1));
    if (status === 'R' || status === 'C') change.fromPath = field();
    change.path = field();
    changes.push(change);
  }
  // `-p` separates the raw part from the patch with one more NUL.
  if (output[at] === 0) at += 1;
  return { changes, patchStart: at };
}
