import type { Finding, Rule } from '../types/index.js';

/** What the pool hands each worker once, at start-up. */
export interface WorkerSetup {
  rules: Rule[];
  allowValues: string[];
}

/** One batch of files to read and scan. */
export interface WorkerTask {
  id: number;
  /** `size`: what the walk saw, so the reader needs no stat of its own. */
  files: { absolute: string; path: string; size?: number }[];
}

export interface WorkerReply {
  id: number;
  findings: Finding[];
  files: number;
  bytes: number;
  skippedBinary: string[];
  errors: string[];
  /** The worker thread that scanned the batch; absent for the main thread. */
  thread?: number;
}
