import { parentPort, threadId, workerData } from 'node:worker_threads';
import { compileRules } from '../scanner/index.js';
import { globMatcher } from '../util/globs.js';
import { scanFileBatch } from './scan-files.js';
import type { WorkerReady, WorkerSetup, WorkerTask } from './protocol.js';

const setup = workerData as WorkerSetup;
const compiled = compileRules(setup.rules, globMatcher, { guarded: new Set(setup.guarded) });
const allowValues = new Set(setup.allowValues);

parentPort?.on('message', (task: WorkerTask) => {
  parentPort?.postMessage({ ...scanFileBatch(task, compiled, allowValues, setup.maxFileSize), thread: threadId });
});
// The pool hands out batches only after this, so none waits here while the rules compile.
parentPort?.postMessage({ ready: true } satisfies WorkerReady);
