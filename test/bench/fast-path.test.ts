// The speed work (issue 13) must not change a single finding. The fast path (byte prefilter on
// a reused read buffer, Latin-1 decoding of ASCII files, the pool with the main thread scanning)
// is compared with the slow path that has no prefilter at all: every rule's regex over every
// file, decoded the ordinary way. Both must equal the tokens the generator planted.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanFragment } from '../../src/scanner/index.js';
import { activeRules } from '../../src/scanner/match.js';
import { bufferToText } from '../../src/sources/file-kinds.js';
import { listFiles } from '../../src/sources/files.js';
import { scanFileBatch } from '../../src/workers/scan-files.js';
import { FakeTokens, seededRandom } from '../../src/util/fake-tokens.js';
import type { Finding } from '../../src/types/index.js';
import type { WorkerReply, WorkerTask } from '../../src/workers/protocol.js';
import type * as EngineModule from '../../src/engine.js';
import type * as PoolModule from '../../src/workers/pool.js';
import { REPO_ROOT } from '../support/cli.js';
import { builtinCompiled } from '../support/rules.js';
import { corpusModule, type TreeManifest } from './bench-modules.js';

const scratch = mkdtempSync(join(tmpdir(), 'leakguard-fast-path-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const key = (finding: Finding): string => `${finding.ruleId} ${finding.path}:${finding.line}:${finding.column} ${finding.secret}`;
const keys = (findings: Finding[]): string[] => findings.map(key).sort();

describe('the fast tree-scan path finds exactly what the slow path finds', () => {
  const dir = join(scratch, 'tree');
  let manifest: TreeManifest;
  beforeAll(async () => {
    const corpus = await corpusModule();
    // The keyword-dense ML tree of the benchmark, small: notebooks, lock files, docs with hf_xxxx placeholders.
    manifest = corpus.generateTree({ dir, files: 300, sizeBytes: 3 * 1024 * 1024, secrets: 18, seed: 1313 });
  });

  it('byte prefilter + Latin-1 decoding equals every rule on every file', async () => {
    const compiled = builtinCompiled();
    const allowValues = new Set<string>();
    const { files } = await listFiles(['.'], { cwd: dir, ignorePaths: [], maxFileSize: 2 * 1024 * 1024, gitignore: true });
    const fast = scanFileBatch({ id: 0, files: files.map((file) => ({ absolute: file.absolute, path: file.path })) }, compiled, allowValues, 2 * 1024 * 1024).findings;
    const slow = files.flatMap((file) => {
      const text = bufferToText(readFileSync(file.absolute));
      return text === undefined ? [] : scanFragment({ path: file.path, text }, compiled, { candidates: compiled.rules });
    });
    expect(keys(fast)).toEqual(keys(slow));
    const planted = manifest.secrets.map((secret) => `${secret.path}:${secret.line} ${secret.token}`).sort();
    expect(fast.map((finding) => `${finding.path}:${finding.line} ${finding.secret}`).sort()).toEqual(planted);
  });

  it('the worker pool (main thread + workers) reports the same findings as one thread, and the workers take part', { timeout: 60_000 }, async () => {
    // The built pool: worker threads load dist/cli/scan-worker.js, which vitest cannot transform.
    const engine = (await import(pathToFileURL(join(REPO_ROOT, 'dist', 'src', 'engine.js')).href)) as typeof EngineModule;
    const one = await engine.scanTree({ cwd: dir, paths: [], threads: 1 });
    expect(one.findings).toHaveLength(manifest.secrets.length);
    for (const threads of [2, 3]) {
      const many = await engine.scanTree({ cwd: dir, paths: [], threads });
      expect(keys(many.findings)).toEqual(keys(one.findings));
      expect(many.stats).toMatchObject({ files: one.stats.files, bytes: one.stats.bytes });
    }
    const pool = (await import(pathToFileURL(join(REPO_ROOT, 'dist', 'src', 'workers', 'pool.js')).href)) as typeof PoolModule;
    const compiled = builtinCompiled();
    const { files } = await listFiles(['.'], { cwd: dir, ignorePaths: [], maxFileSize: 2 * 1024 * 1024, gitignore: true });
    const batches = files.map((file, id) => ({ id, files: [{ absolute: file.absolute, path: file.path }] }));
    const replies: WorkerReply[] = [];
    const setup = { rules: compiled.rules.map((entry) => entry.rule), allowValues: [], maxFileSize: 2 * 1024 * 1024, guarded: [] };
    // The main thread is slowed down (10 ms per batch) so the worker, however slowly it starts on
    // a loaded machine, gets batches to scan.
    const pause = new Int32Array(new SharedArrayBuffer(4));
    const slowHere = (task: WorkerTask): WorkerReply => {
      Atomics.wait(pause, 0, 0, 10);
      return scanFileBatch(task, compiled, new Set(), 2 * 1024 * 1024);
    };
    await pool.runPool(setup, batches, 2, (reply) => replies.push(reply), slowHere);
    expect(replies.map((reply) => reply.id).sort((a, b) => a - b)).toEqual(batches.map((batch) => batch.id));
    expect(replies.some((reply) => reply.thread !== undefined)).toBe(true);
    expect(keys(replies.flatMap((reply) => reply.findings))).toEqual(keys(one.findings));
  });

  it('a large file is read whole, its token at the very end found', () => {
    const tokens = new FakeTokens(77);
    const big = join(scratch, 'big.py');
    const token = tokens.huggingFace();
    // 3 MiB of filler with the token at the very end.
    const text = `${'x = 1  # filler line\n'.repeat(150_000)}HF_TOKEN = "${token}"\n`;
    writeFileSync(big, text);
    const reply = scanFileBatch({ id: 0, files: [{ absolute: big, path: 'big.py' }] }, builtinCompiled(), new Set(), 8 * 1024 * 1024);
    expect(reply.bytes).toBe(Buffer.byteLength(text));
    expect(reply.findings.map((finding) => finding.secret)).toEqual([token]);
  });
});

describe('text prefilter', () => {
  it('selects exactly the rules whose keywords occur, ignoring ASCII case, in decoded text', () => {
    const compiled = builtinCompiled();
    const random = seededRandom(1313);
    const pieces = ['é', '日本', 'ſ', '\u212a', '_', '-', ' ', '\n', 'K'];
    for (let round = 0; round < 2000; round++) {
      let text = '';
      for (let i = Math.floor(random() * 40); i > 0; i--) {
        const keyword = compiled.keywords[Math.floor(random() * compiled.keywords.length)] ?? '';
        text += random() < 0.4 ? [...keyword].map((char) => (random() < 0.5 ? char.toUpperCase() : char)).join('') : (pieces[Math.floor(random() * pieces.length)] ?? '');
      }
      const folded = text.replace(/[A-Z]/g, (char) => char.toLowerCase());
      const expected = compiled.rules.filter((entry) => entry.rule.keywords.some((keyword) => folded.includes(keyword.toLowerCase()))).map((entry) => entry.rule.id);
      expect(activeRules(text, compiled).map((entry) => entry.rule.id), JSON.stringify(text)).toEqual(expected);
    }
  });
});
