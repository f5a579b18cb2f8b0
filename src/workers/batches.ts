import type { FileEntry } from '../sources/files.js';
import type { WorkerTask } from './protocol.js';

/** A batch closes at about this many bytes or files, whichever comes first. */
export const BATCH_BYTES = 1024 * 1024;
export const BATCH_FILES = 128;

/** The listing cut into batches, in its order: the unit a thread claims from the pool's counter. */
export function toBatches(files: readonly FileEntry[]): WorkerTask[] {
  const batches: WorkerTask[] = [];
  let current: WorkerTask = { id: 0, files: [] };
  let bytes = 0;
  for (const file of files) {
    current.files.push({ absolute: file.absolute, path: file.path });
    bytes += file.size;
    if (bytes >= BATCH_BYTES || current.files.length >= BATCH_FILES) {
      batches.push(current);
      current = { id: batches.length, files: [] };
      bytes = 0;
    }
  }
  if (current.files.length > 0) batches.push(current);
  return batches;
}
