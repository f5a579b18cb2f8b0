// The pool with workers started before it runs (the engine starts them while the tree is walked):
// every batch is scanned exactly once, and a worker that dies before the pool runs fails the scan
// instead of crashing the process with an unhandled 'error' event.
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { scanFileBatch } from '../../src/workers/scan-files.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import type { WorkerReply, WorkerTask } from '../../src/workers/protocol.js';
import type * as PoolModule from '../../src/workers/pool.js';
import type * as EngineModule from '../../src/engine.js';
import { REPO_ROOT } from '../support/cli.js';
import { builtinCompiled } from '../support/rules.js';

const scratch = mkdtempSync(join(tmpdir(), 'leakguard-pool-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// The built pool: worker threads load dist/cli/scan-worker.js, which vitest cannot transform.
const builtPool = async (): Promise<typeof PoolModule> => (await import(pathToFileURL(join(REPO_ROOT, 'dist', 'src', 'workers', 'pool.js')).href)) as typeof PoolModule;
const builtEngine = async (): Promise<typeof EngineModule> => (await import(pathToFileURL(join(REPO_ROOT, 'dist', 'src', 'engine.js')).href)) as typeof EngineModule;
const MAX = 2 * 1024 * 1024;

/** Waits (polling, up to 30 s on a loaded machine) until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; !done() && waited < 30_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('worker pool with workers started early', () => {
  const tokens = new FakeTokens(4242);
  const planted = Array.from({ length: 12 }, (_, index) => {
    const path = join(scratch, `train_${index}.py`);
    const token = tokens.huggingFace();
    writeFileSync(path, `import os\n\nHF_TOKEN = "${token}"\nprint(os.environ.get("WANDB_API_KEY"))\n`);
    return { path, name: `train_${index}.py`, token };
  });
  const batches: WorkerTask[] = planted.map((file, id) => ({ id, files: [{ absolute: file.path, path: file.name }] }));
  const compiled = builtinCompiled();
  const setup = { rules: compiled.rules.map((entry) => entry.rule), allowValues: [], maxFileSize: MAX, guarded: [] };

  it('scans every batch once, on the main thread and on workers that were started before the pool ran', { timeout: 60_000 }, async () => {
    const pool = await builtPool();
    const started = pool.startWorkers(setup, 1);
    // Give the worker time to finish starting, so it most likely claims batches when the pool begins.
    await once(started[0]!.worker, 'online');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const replies: WorkerReply[] = [];
    const pause = new Int32Array(new SharedArrayBuffer(4));
    const slowHere = (task: WorkerTask): WorkerReply => {
      Atomics.wait(pause, 0, 0, 20);
      return scanFileBatch(task, compiled, new Set(), MAX);
    };
    await pool.runPool(setup, batches, 2, (reply) => replies.push(reply), slowHere, started);
    expect(replies.map((reply) => reply.id).sort((a, b) => a - b)).toEqual(batches.map((batch) => batch.id));
    expect(replies.some((reply) => reply.thread !== undefined)).toBe(true);
    expect(replies.flatMap((reply) => reply.findings.map((finding) => finding.secret)).sort()).toEqual(planted.map((file) => file.token).sort());
  });

  it('a worker that failed before the pool ran fails the pool with its error', { timeout: 60_000 }, async () => {
    const pool = await builtPool();
    const broken = { ...setup, rules: [{ ...setup.rules[0]!, regex: '(' }] };
    const started = pool.startWorkers(broken, 1);
    await until(() => started[0]!.failure !== undefined);
    expect(started[0]!.failure).toBeDefined();
    const slowHere = (task: WorkerTask): WorkerReply => scanFileBatch(task, compiled, new Set(), MAX);
    await expect(pool.runPool(setup, batches, 2, () => undefined, slowHere, started)).rejects.toThrow(/invalid regex/);
  });

  it('scanTree with --threads 2 on a tree of one batch starts no worker it does not need and finds the same', { timeout: 60_000 }, async () => {
    const engine = await builtEngine();
    const one = await engine.scanTree({ cwd: scratch, paths: [], threads: 1 });
    const two = await engine.scanTree({ cwd: scratch, paths: [], threads: 2 });
    expect(two.findings.map((finding) => finding.secret).sort()).toEqual(one.findings.map((finding) => finding.secret).sort());
    expect(one.findings).toHaveLength(planted.length);
  });
});
