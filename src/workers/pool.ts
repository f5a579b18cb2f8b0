import { Worker } from 'node:worker_threads';
import type { WorkerReply, WorkerSetup, WorkerTask } from './protocol.js';

// Batches each worker holds at once: it starts the next while its last reply crosses to the main
// thread, which may be busy scanning a batch of its own.
const IN_FLIGHT = 2;

/**
 * Scans batches on `threads` threads: the main thread is one of them (`scanHere`), the others are
 * workers. The main thread starts on the queue at once, so the workers' start-up (an isolate,
 * the bundle, compiling the rules: tens of milliseconds each) overlaps useful work instead of
 * leaving every core idle; before this, `--threads 2` was no faster than `--threads 1`. Batches
 * are handed out on demand, so a thread that drew a few large notebooks does not hold the others
 * back.
 */
export async function runPool(
  setup: WorkerSetup,
  batches: WorkerTask[],
  threads: number,
  onReply: (reply: WorkerReply) => void,
  scanHere: (task: WorkerTask) => WorkerReply,
): Promise<void> {
  const queue = [...batches].reverse();
  const workerUrl = new URL('./scan-worker.js', import.meta.url);
  const workers = Array.from({ length: Math.min(threads - 1, batches.length - 1) }, () => new Worker(workerUrl, { workerData: setup }));
  let failure: unknown;
  // terminate() ends a worker with exit code 1: only an exit before that is a failure.
  let stopping = false;
  // Never rejects: a failure is recorded, stops the hand-out, and is thrown once every thread
  // has stopped.
  const settleIdle: (() => void)[] = [];
  const finished = workers.map(
    (worker) =>
      new Promise<void>((resolve) => {
        let pending = 0;
        settleIdle.push(() => {
          if (pending === 0) resolve();
        });
        const fail = (error: unknown): void => {
          failure ??= error;
          resolve();
        };
        const next = (): void => {
          while (pending < IN_FLIGHT && failure === undefined) {
            const task = queue.pop();
            if (!task) break;
            pending++;
            worker.postMessage(task);
          }
          if (pending === 0) resolve();
        };
        worker.on('message', (reply: WorkerReply) => {
          pending--;
          onReply(reply);
          next();
        });
        worker.on('error', fail);
        worker.on('exit', (code) => {
          if (code !== 0 && !stopping) fail(new Error(`scan worker exited with code ${code}`));
        });
        // Work is handed over once the worker runs, so batches do not wait in the port of a
        // thread that is still starting while the main thread could scan them.
        worker.once('online', next);
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
    stopping = true;
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  if (failure !== undefined) throw failure;
}
