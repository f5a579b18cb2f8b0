import type { Baseline } from '../types/index.js';
import { isBaseline } from '../findings/baseline.js';
import { LeakguardError } from '../util/errors.js';
import { readRegularFile } from '../util/safe-read.js';

// Entries are ~150 bytes: this holds a few hundred thousand, and bounds a hostile file.
const BASELINE_CAP = 64 * 1024 * 1024;

/** Reads and checks a baseline written by `leakguard baseline`. */
export function readBaselineFile(file: string): Baseline {
  const read = readRegularFile(file, BASELINE_CAP);
  if (read.kind === 'error') throw new LeakguardError(`cannot read baseline ${file}: ${read.code}`);
  if (read.kind !== 'ok') throw new LeakguardError(`cannot read baseline ${file}: ${read.kind === 'not-regular' ? 'not a regular file' : `larger than ${BASELINE_CAP} bytes`}`);
  let data: unknown;
  try {
    data = JSON.parse(read.data.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    throw new LeakguardError(`cannot read baseline ${file}: not JSON`);
  }
  if (!isBaseline(data)) throw new LeakguardError(`invalid baseline ${file}: expected {version: 1, salt, entries}`);
  return data;
}
