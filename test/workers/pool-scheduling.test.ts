// Whatever the threads and however the batches fall to them (every thread claims the next batch
// from a shared counter), a tree scan reports exactly what one thread does: findings, notes and
// counts. Trees shaped to stress the hand-out: many tiny files, one file far above a batch's
// bytes, nothing at all, odd files that only give notes, and a pool that is done before its
// worker has started.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scanFileBatch } from '../../src/workers/scan-files.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import type { ScanResult } from '../../src/types/index.js';
import type { WorkerReply, WorkerTask } from '../../src/workers/protocol.js';
import type * as PoolModule from '../../src/workers/pool.js';
import type * as EngineModule from '../../src/engine.js';
import { REPO_ROOT, tempTree } from '../support/cli.js';
import { builtinCompiled } from '../support/rules.js';

// The built code: worker threads load dist/cli/scan-worker.js, which vitest cannot transform.
const built = async <T>(...path: string[]): Promise<T> => (await import(pathToFileURL(join(REPO_ROOT, 'dist', 'src', ...path)).href)) as T;
const tokens = new FakeTokens(1313);

/** The result without its timing, which is all that may differ between thread counts. */
function comparable(result: ScanResult): Omit<ScanResult, 'stats'> & { files: number; bytes: number } {
  const { stats, ...rest } = result;
  return { ...rest, files: stats.files, bytes: stats.bytes };
}

async function expectSameOnEveryThreadCount(root: string): Promise<ScanResult> {
  const engine = await built<typeof EngineModule>('engine.js');
  const one = await engine.scanTree({ cwd: root, paths: [], threads: 1 });
  for (const threads of [2, 3]) {
    const many = await engine.scanTree({ cwd: root, paths: [], threads });
    expect(comparable(many), `${threads} threads`).toEqual(comparable(one));
  }
  return one;
}

describe('tree scans on several threads report what one thread does', { timeout: 120_000 }, () => {
  it('many tiny files (several batches of the file-count cut)', async () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 700; index++) {
      const dir = `pkg${index % 7}`;
      files[`${dir}/mod_${index}.py`] = index % 50 === 0 ? `HF_TOKEN = "${tokens.huggingFace()}"\n` : `token = os.environ.get("HF_TOKEN")  # ${index}\n`;
    }
    const result = await expectSameOnEveryThreadCount(tempTree(files));
    expect(result.stats.files).toBe(700);
    expect(result.findings).toHaveLength(14);
  });

  it('one file far above a batch, among small ones', async () => {
    const filler = 'wandb.init(project="x")  # tokenizer padding\n'.repeat(60_000);
    // 2.7 MB: above the default maxFileSize, so the config raises it.
    const files: Record<string, string> = { '.leakguard.json': JSON.stringify({ maxFileSize: 8 * 1024 * 1024 }), 'big/train.py': `${filler}HF_TOKEN = "${tokens.huggingFace()}"\n` };
    for (let index = 0; index < 300; index++) files[`small/s_${index}.py`] = index === 150 ? `key = "${tokens.wandbV1()}"\n` : `x = ${index}\n`;
    const result = await expectSameOnEveryThreadCount(tempTree(files));
    expect(result.findings.map((finding) => finding.path).sort()).toEqual(['big/train.py', 'small/s_150.py']);
  });

  it('an empty tree', async () => {
    const result = await expectSameOnEveryThreadCount(tempTree({}));
    expect(result.stats.files).toBe(0);
    expect(result.findings).toEqual([]);
  });

  it('files that only give notes: a FIFO, a symlink, a binary file, an oversized file', async () => {
    const files: Record<string, string | Buffer> = { 'bin/blob.dat': Buffer.from([0, 1, 2, 0, 255, 0]) };
    for (let index = 0; index < 200; index++) files[`src/f_${index}.py`] = `HF_TOKEN = "${tokens.huggingFace()}"\n`;
    const root = tempTree(files);
    execFileSync('mkfifo', [join(root, 'src/pipe.py')]);
    symlinkSync(join(root, 'src/f_0.py'), join(root, 'src/link.py'));
    writeFileSync(join(root, '.leakguard.json'), JSON.stringify({ maxFileSize: 1024 }));
    writeFileSync(join(root, 'src/huge.py'), 'x = 1\n'.repeat(1000));
    const result = await expectSameOnEveryThreadCount(root);
    expect((result.notes ?? []).map((note) => `${note.path} ${note.reason}`)).toEqual(expect.arrayContaining(['bin/blob.dat binary', 'src/pipe.py special-file', 'src/huge.py too-large']));
    expect(result.findings).toHaveLength(200);
  });

  // Root reads any directory whatever its mode.
  it.skipIf(process.getuid?.() === 0)('a directory that cannot be read', async () => {
    const files: Record<string, string> = { 'locked/a.py': `HF_TOKEN = "${tokens.huggingFace()}"\n` };
    for (let index = 0; index < 300; index++) files[`open/o_${index}.py`] = `HF_TOKEN = "${tokens.huggingFace()}"\n`;
    const root = tempTree(files);
    mkdirSync(join(root, 'locked'), { recursive: true });
    chmodSync(join(root, 'locked'), 0o000);
    try {
      const result = await expectSameOnEveryThreadCount(root);
      expect(result.notes).toContainEqual(expect.objectContaining({ path: 'locked', reason: 'unreadable' }));
    } finally {
      chmodSync(join(root, 'locked'), 0o755);
    }
  });
});

describe('a pool done before its worker started', () => {
  it('scans every batch once on the main thread and does not wait for the worker', { timeout: 60_000 }, async () => {
    const pool = await built<typeof PoolModule>('workers', 'pool.js');
    const root = tempTree({ 'a.py': `HF_TOKEN = "${tokens.huggingFace()}"\n`, 'b.py': `HF_TOKEN = "${tokens.huggingFace()}"\n` });
    const compiled = builtinCompiled();
    const setup = { rules: compiled.rules.map((entry) => entry.rule), allowValues: [], maxFileSize: 1 << 20, guarded: [] };
    const batches: WorkerTask[] = ['a.py', 'b.py'].map((path, id) => ({ id, files: [{ absolute: join(root, path), path }] }));
    const replies: WorkerReply[] = [];
    // The worker is created inside runPool and needs tens of milliseconds to start; the main
    // thread scans two one-file batches in far less, so it usually claims both and the worker is
    // cancelled. Either way each batch is scanned exactly once.
    await pool.runPool(setup, batches, 2, (reply) => replies.push(reply), (task) => scanFileBatch(task, compiled, new Set(), 1 << 20));
    expect(replies.map((reply) => reply.id).sort()).toEqual([0, 1]);
    expect(replies.flatMap((reply) => reply.findings)).toHaveLength(2);
  });
});
