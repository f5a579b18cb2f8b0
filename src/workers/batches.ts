import type { FileEntry } from '../sources/files.js';
import type { WorkerTask } from './protocol.js';

/** A batch closes at about this many bytes or files, whichever comes first. */
const BATCH_BYTES = 1024 * 1024;
const BATCH_FILES = 128;

/** Whether a batch holding this many bytes and files is full: the one cut, for the pool and the start-up pacing. */
export function closesBatch(bytes: number, files: number): boolean {
  return bytes >= BATCH_BYTES || files >= BATCH_FILES;
}

/**
 * The listing cut into batches, in its order: the unit a thread claims from the pool's counter. A
 * file the walk did not size (past `sizesUntil`) counts as the average of those it did.
 */
export function toBatches(files: readonly FileEntry[]): WorkerTask[] {
  const batches: WorkerTask[] = [];
  let current: WorkerTask = { id: 0, files: [] };
  let bytes = 0;
  const typical = typicalSize(files);
  for (const file of files) {
    current.files.push({ absolute: file.absolute, path: file.path });
    bytes += file.size ?? typical;
    if (closesBatch(bytes, current.files.length)) {
      batches.push(current);
      current = { id: batches.length, files: [] };
      bytes = 0;
    }
  }
  if (current.files.length > 0) batches.push(current);
  return batches;
}

/** The average size of the files the walk sized, for those it did not. */
function typicalSize(files: readonly FileEntry[]): number {
  let bytes = 0;
  let sized = 0;
  for (const file of files) {
    if (file.size === undefined) continue;
    bytes += file.size;
    sized++;
  }
  return sized === 0 ? 0 : bytes / sized;
}
