import { Worker } from 'node:worker_threads';
import type { WorkerReply, WorkerSetup, WorkerTask } from './protocol.js';

/**
 * Scans batches of files on worker threads. Batches are handed out on demand, so a worker that
 * drew a few large notebooks does not hold the others back.
 */
export async function runPool(
  setup: WorkerSetup,
  batches: WorkerTask[],
  threads: number,
  onReply: (reply: WorkerReply) => void,
): Promise<void> {
  const queue = [...batches];
  const workerUrl = new URL('./scan-worker.js', import.meta.url);
  const workers = Array.from({ length: Math.min(threads, batches.length) }, () => new Worker(workerUrl, { workerData: setup }));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const next = (): void => {
              const task = queue.shift();
              if (task) worker.postMessage(task);
              else resolve();
            };
            worker.on('message', (reply: WorkerReply) => {
              onReply(reply);
              next();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (code !== 0) reject(new Error(`scan worker exited with code ${code}`));
            });
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
