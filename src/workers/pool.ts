import { Worker } from 'node:worker_threads';
import { isWorkerReady, type WorkerReply, type WorkerSetup, type WorkerTask } from './protocol.js';

// Batches each worker holds at once: it starts the next while its last reply crosses to the main
// thread, which may be busy scanning a batch of its own.
const IN_FLIGHT = 2;

/**
 * A worker thread, listened to from the moment it is created: it may be started while the tree
 * is still being walked (see `startWorkers`), long before `runPool` hands it work, and an error
 * in that time must be recorded, not thrown as an unhandled 'error' event.
 */
export interface PoolWorker {
  worker: Worker;
  /** The worker has compiled the rules and waits for batches. */
  ready: boolean;
  failure?: unknown;
  /** Set by runPool: called on readiness, on each reply and when the worker fails. */
  onEvent?: (reply?: WorkerReply) => void;
  /** terminate() ends a worker with exit code 1: only an exit before that is a failure. */
  stopping: boolean;
}

/**
 * Starts `count` scan workers. Each needs tens of milliseconds (an isolate, the bundle, compiling
 * the rules), so the engine calls this as soon as it knows the tree is large enough, while the
 * walk goes on: the start-up then overlaps the walk instead of following it.
 */
export function startWorkers(setup: WorkerSetup, count: number): PoolWorker[] {
  const url = new URL('./scan-worker.js', import.meta.url);
  return Array.from({ length: count }, () => {
    const pooled: PoolWorker = { worker: new Worker(url, { workerData: setup }), ready: false, stopping: false };
    const fail = (error: unknown): void => {
      pooled.failure ??= error;
      pooled.onEvent?.();
    };
    pooled.worker.on('message', (message: WorkerReply | { ready: true }) => {
      if (isWorkerReady(message)) {
        pooled.ready = true;
        pooled.onEvent?.();
      } else pooled.onEvent?.(message);
    });
    pooled.worker.on('error', fail);
    pooled.worker.on('exit', (code) => {
      if (code !== 0 && !pooled.stopping) fail(new Error(`scan worker exited with code ${code}`));
    });
    return pooled;
  });
}

/**
 * Scans batches on `threads` threads: the main thread is one of them (`scanHere`), the others are
 * workers (`started` ones first, more started here if needed). The main thread starts on the
 * queue at once, so the workers' start-up overlaps useful work instead of leaving every core
 * idle. Batches are handed to a worker only once it is ready, and on demand, so a thread that
 * drew a few large notebooks does not hold the others back, and no batch waits in the port of a
 * thread that is still starting while the main thread could scan it.
 */
export async function runPool(
  setup: WorkerSetup,
  batches: WorkerTask[],
  threads: number,
  onReply: (reply: WorkerReply) => void,
  scanHere: (task: WorkerTask) => WorkerReply,
  started: PoolWorker[] = [],
): Promise<void> {
  const queue = [...batches].reverse();
  const wanted = Math.max(0, Math.min(threads - 1, batches.length - 1));
  const workers = [...started, ...startWorkers(setup, Math.max(0, wanted - started.length))];
  let failure: unknown;
  // Never rejects: a failure is recorded, stops the hand-out, and is thrown once every thread
  // has stopped.
  const settleIdle: (() => void)[] = [];
  const finished = workers.map(
    (pooled) =>
      new Promise<void>((resolve) => {
        let pending = 0;
        const next = (): void => {
          while (pooled.ready && pending < IN_FLIGHT && failure === undefined) {
            const task = queue.pop();
            if (!task) break;
            pending++;
            pooled.worker.postMessage(task);
          }
          if (pending === 0 && (pooled.ready || queue.length === 0)) resolve();
        };
        settleIdle.push(() => {
          if (pending === 0) resolve();
        });
        pooled.onEvent = (reply) => {
          if (pooled.failure !== undefined) {
            failure ??= pooled.failure;
            resolve();
            return;
          }
          if (reply) {
            pending--;
            onReply(reply);
          }
          next();
        };
        if (pooled.failure !== undefined) pooled.onEvent();
        else if (pooled.ready) next();
      }),
  );
  try {
    // One batch at a time here, yielding between batches so worker replies are answered with new
    // work promptly.
    for (let task = queue.pop(); task && failure === undefined; task = queue.pop()) {
      onReply(scanHere(task));
      await new Promise((resolve) => setImmediate(resolve));
    }
    // A worker still starting when the queue ran dry has nothing left to do.
    for (const settle of settleIdle) settle();
    await Promise.all(finished);
  } finally {
    for (const pooled of workers) pooled.stopping = true;
    await Promise.all(workers.map((pooled) => pooled.worker.terminate()));
  }
  if (failure !== undefined) throw failure;
}

/** Ends workers that were started for a scan that then did not need them. */
export async function stopWorkers(workers: PoolWorker[]): Promise<void> {
  for (const pooled of workers) pooled.stopping = true;
  await Promise.all(workers.map((pooled) => pooled.worker.terminate()));
}
