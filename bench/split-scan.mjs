#!/usr/bin/env node
// The worker pool's ceiling on this machine: leakguard's own per-file work (read, keyword
// prefilter, decode, rules) on a tree, timed inside worker threads, so neither Node's start-up
// nor the walk counts. Each round runs every batch on one fresh worker, then the same batches on
// two fresh workers at once, claiming batches from a shared counter as the pool does. On a
// machine whose cores share caches or memory bandwidth, each of the two runs slower than the one
// did alone, and `one / two` is the most any pool can gain there.
//
//   node bench/split-scan.mjs DIR [--reps N]     prints one JSON line (medians over the rounds)
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

if (isMainThread) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { reps: { type: 'string' } } });
  const cwd = resolve(positionals[0] ?? '.');
  const reps = Number(values.reps ?? 5);
  const { loadScanContext } = await import('../dist/src/sources/scan-context.js');
  const { listFiles } = await import('../dist/src/sources/files.js');
  const { toBatches } = await import('../dist/src/workers/batches.js');
  const { median } = await import('./lib/measure.mjs');
  const context = await loadScanContext(cwd);
  const listing = await listFiles(['.'], { cwd, ignorePaths: context.config.ignorePaths, maxFileSize: context.config.maxFileSize, gitignore: true });
  const batches = toBatches(listing);
  const one = [];
  const two = [];
  let findings;
  for (let round = 0; round < reps; round++) {
    const alone = await runWorkers(cwd, batches, 1);
    const paired = await runWorkers(cwd, batches, 2);
    if (alone.findings !== paired.findings) throw new Error(`one worker found ${alone.findings}, two found ${paired.findings}`);
    findings = alone.findings;
    one.push(alone.ms);
    two.push(paired.ms);
  }
  const oneMs = median(one);
  const twoMs = median(two);
  console.log(JSON.stringify({ files: listing.files.length, batches: batches.length, findings, oneMs, twoMs, ratio: Number((oneMs / twoMs).toFixed(2)) }));
} else {
  const { loadScanContext } = await import('../dist/src/sources/scan-context.js');
  const { scanFileBatch } = await import('../dist/src/workers/scan-files.js');
  const { cwd, batches, shared } = workerData;
  const context = await loadScanContext(cwd);
  parentPort.postMessage({ ready: true });
  parentPort.once('message', () => {
    const started = performance.now();
    let findings = 0;
    for (let index = Atomics.add(shared, 0, 1); index < batches.length; index = Atomics.add(shared, 0, 1)) {
      findings += scanFileBatch(batches[index], context.compiled, context.allowValues, context.config.maxFileSize).findings.length;
    }
    parentPort.postMessage({ ms: performance.now() - started, findings });
  });
}

/** Starts `count` workers, lets them all go once every one is ready; wall from go to the last done. */
async function runWorkers(cwd, batches, count) {
  const shared = new Int32Array(new SharedArrayBuffer(4));
  const workers = Array.from({ length: count }, () => new Worker(new URL(import.meta.url), { workerData: { cwd, batches, shared } }));
  const next = (worker) => new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await Promise.all(workers.map(next));
  const started = performance.now();
  const done = workers.map(next);
  for (const worker of workers) worker.postMessage('go');
  const results = await Promise.all(done);
  const ms = performance.now() - started;
  await Promise.all(workers.map((worker) => worker.terminate()));
  return { ms: Math.round(ms), findings: results.reduce((sum, result) => sum + result.findings, 0) };
}
