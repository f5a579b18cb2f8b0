import { readFileSync } from 'node:fs';
import type { Baseline } from '../types/index.js';
import { isBaseline } from '../findings/baseline.js';
import { LeakguardError } from '../util/errors.js';

/** Reads and checks a baseline written by `leakguard baseline`. */
export function readBaselineFile(file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LeakguardError(`cannot read baseline ${file}: ${code ?? 'not JSON'}`);
  }
  if (!isBaseline(data)) throw new LeakguardError(`invalid baseline ${file}: expected {version: 1, salt, entries}`);
  return data;
}
