import type { Listing } from '../sources/files.js';
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
 * file the walk did not size (`ListOptions.sizing`) weighs the average of those it did, which is
 * what the listing's estimate counts it as.
 */
export function toBatches(listing: Pick<Listing, 'files' | 'estimatedBytes'>): WorkerTask[] {
  const batches: WorkerTask[] = [];
  let current: WorkerTask = { id: 0, files: [] };
  let bytes = 0;
  const typical = listing.files.length === 0 ? 0 : listing.estimatedBytes / listing.files.length;
  for (const file of listing.files) {
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
