import { parentPort, threadId, workerData } from 'node:worker_threads';
import { compileRules } from '../scanner/index.js';
import { globMatcher } from '../util/globs.js';
import { loadBuiltinShapes } from '../rules/builtin.js';
import { scanFileBatch } from './scan-files.js';
import { NEXT_BATCH, WorkerState, type WorkerDrained, type WorkerRun, type WorkerSetup } from './protocol.js';

const setup = workerData as WorkerSetup;
const compiled = compileRules(setup.rules, globMatcher, { guarded: new Set(setup.guarded), shapes: loadBuiltinShapes() });
const allowValues = new Set(setup.allowValues);

// Listening only now: a run posted while the rules compiled waits in the port, and its batches
// stay claimable by the other threads meanwhile.
parentPort?.on('message', ({ batches, shared, slot }: WorkerRun) => {
  if (Atomics.compareExchange(shared, slot, WorkerState.Starting, WorkerState.Running) === WorkerState.Starting) {
    for (let index = Atomics.add(shared, NEXT_BATCH, 1); index < batches.length; index = Atomics.add(shared, NEXT_BATCH, 1)) {
      parentPort?.postMessage({ ...scanFileBatch(batches[index]!, compiled, allowValues, setup.maxFileSize), thread: threadId });
    }
  }
  parentPort?.postMessage({ drained: true } satisfies WorkerDrained);
});
