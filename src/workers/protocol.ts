import type { Finding, Rule } from '../types/index.js';

/** What the pool hands each worker once, at start-up. */
export interface WorkerSetup {
  rules: Rule[];
  allowValues: string[];
  /** Rules to run under the interrupting guard (config `unprovenRules`). */
  guarded: string[];
}

/** One batch of files to read and scan. */
export interface WorkerTask {
  id: number;
  files: { absolute: string; path: string }[];
}

export interface WorkerReply {
  id: number;
  findings: Finding[];
  files: number;
  bytes: number;
  skippedBinary: string[];
  errors: string[];
  /** Files whose scan ran out of time (scanner/budget.ts). */
  notes: string[];
}
