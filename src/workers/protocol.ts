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

/**
 * Layout of the pool's shared Int32Array: slot `NEXT_BATCH` is the index of the next unclaimed
 * batch (every thread, the main one included, claims with Atomics.add, so none waits on another's
 * event loop for work); slot `1 + n` is worker n's `WorkerState`.
 */
export const NEXT_BATCH = 0;

/** `Cancelled`: the pool finished while the worker was still starting, so it must claim nothing. */
export const WorkerState = { Starting: 0, Running: 1, Cancelled: 2 } as const;

/** The one message a worker gets: every batch of the scan, and where to claim them. */
export interface WorkerRun {
  batches: WorkerTask[];
  shared: Int32Array;
  slot: number;
}

/** A worker's last message: nothing is left to claim, every reply of its own has been posted. */
export interface WorkerDrained {
  drained: true;
}

export function isWorkerDrained(message: WorkerReply | WorkerDrained): message is WorkerDrained {
  return (message as WorkerDrained).drained === true;
}
