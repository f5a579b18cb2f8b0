import type { Finding, Rule, ScanNote } from '../types/index.js';

/** What the pool hands each worker once, at start-up. */
export interface WorkerSetup {
  rules: Rule[];
  allowValues: string[];
  maxFileSize: number;
  /** Rules to run under the interrupting guard (config `unprovenRules`). */
  guarded: string[];
}

/** One batch of files to read and scan. */
export interface WorkerTask {
  id: number;
  /** `absolute` is a Buffer when the name is not valid UTF-8 (it could not round-trip a string). */
  files: { absolute: string | Uint8Array; path: string }[];
}

export interface WorkerReply {
  id: number;
  findings: Finding[];
  files: number;
  bytes: number;
  /** Files read but not scanned (binary, oversized notebooks, unreadable, out of time), as report notes. */
  notes: ScanNote[];
  /** The worker thread that scanned the batch; absent for the main thread. */
  thread?: number;
}

/** A worker's first message: the rules are compiled and it takes batches from now on. */
export interface WorkerReady {
  ready: true;
}

export function isWorkerReady(message: WorkerReply | WorkerReady): message is WorkerReady {
  return (message as WorkerReady).ready === true;
}
