import { Worker } from 'node:worker_threads';
import { optimiseLessEagerly } from '../util/tiering.js';
import { NEXT_BATCH, WorkerState, isWorkerDrained, type WorkerDrained, type WorkerReply, type WorkerRun, type WorkerSetup, type WorkerTask } from './protocol.js';

/**
 * A worker thread, listened to from the moment it is created: it may be started while the tree
 * is still being walked (see `startWorkers`), long before `runPool` hands it work, and an error
 * in that time must be recorded, not thrown as an unhandled 'error' event.
 */
export interface PoolWorker {
  worker: Worker;
  failure?: unknown;
  /** Set by runPool: called on each message and when the worker fails. */
  onEvent?: (message?: WorkerReply | WorkerDrained) => void;
  /** terminate() ends a worker with exit code 1: only an exit before that is a failure. */
  stopping: boolean;
}

/**
 * Starts `count` scan workers. Each needs tens of milliseconds (an isolate, the bundle, compiling
 * the rules), so the engine calls this as soon as it knows the tree is large enough, while the
 * walk goes on: the start-up then overlaps the walk instead of following it.
 */
export function startWorkers(setup: WorkerSetup, count: number): PoolWorker[] {
  if (count > 0) optimiseLessEagerly();
  const url = new URL('./scan-worker.js', import.meta.url);
  return Array.from({ length: count }, () => {
    const pooled: PoolWorker = { worker: new Worker(url, { workerData: setup }), stopping: false };
    const fail = (error: unknown): void => {
      pooled.failure ??= error;
      pooled.onEvent?.();
    };
    pooled.worker.on('message', (message: WorkerReply | WorkerDrained) => pooled.onEvent?.(message));
    pooled.worker.on('error', fail);
    // Even a clean exit is a failure before the pool is done: the worker's batches would be lost.
    pooled.worker.on('exit', (code) => {
      if (!pooled.stopping) fail(new Error(`scan worker exited with code ${code}`));
    });
    return pooled;
  });
}

/**
 * Scans batches on `threads` threads: the main thread is one of them (`scanHere`), the others are
 * workers (`started` ones first, more started here if needed). Every thread claims the next batch
 * from a shared counter when it is done with its last, so a worker that finishes starting begins
 * at once, without waiting for the main thread (which may be in the middle of a batch) to answer
 * a message, and near the end no thread holds batches it has not begun while another is idle. A
 * worker still starting when every batch is claimed is cancelled, not waited for.
 */
export async function runPool(
  setup: WorkerSetup,
  batches: WorkerTask[],
  threads: number,
  onReply: (reply: WorkerReply) => void,
  scanHere: (task: WorkerTask) => WorkerReply,
  started: PoolWorker[] = [],
): Promise<void> {
  const wanted = Math.max(0, Math.min(threads - 1, batches.length - 1));
  const workers = [...started, ...startWorkers(setup, Math.max(0, wanted - started.length))];
  const shared = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * (1 + workers.length)));
  let failure: unknown;
  // Never rejects: a failure is recorded, ends the claiming, and is thrown once every thread has
  // stopped.
  const finished = workers.map(
    (pooled, index) =>
      new Promise<void>((resolve) => {
        pooled.onEvent = (message) => {
          if (pooled.failure !== undefined) {
            failure ??= pooled.failure;
            Atomics.store(shared, NEXT_BATCH, batches.length);
            resolve();
          } else if (message && isWorkerDrained(message)) resolve();
          else if (message) onReply(message);
        };
        if (pooled.failure !== undefined) pooled.onEvent();
        else pooled.worker.postMessage({ batches, shared, slot: 1 + index } satisfies WorkerRun);
      }),
  );
  try {
    // Yielding between batches, so replies (and progress) are taken in as they come.
    for (let index = Atomics.add(shared, NEXT_BATCH, 1); index < batches.length && failure === undefined; index = Atomics.add(shared, NEXT_BATCH, 1)) {
      onReply(scanHere(batches[index]!));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const running = finished.filter((_, index) => Atomics.compareExchange(shared, 1 + index, WorkerState.Starting, WorkerState.Cancelled) !== WorkerState.Starting);
    await Promise.all(running);
  } finally {
    await stopWorkers(workers);
  }
  if (failure !== undefined) throw failure;
}

/** Ends workers that were started for a scan that then did not need them. */
export async function stopWorkers(workers: PoolWorker[]): Promise<void> {
  for (const pooled of workers) pooled.stopping = true;
  await Promise.all(workers.map((pooled) => pooled.worker.terminate()));
}
