import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheFileName, runBundle } from '../../src/cli/code-cache.js';
import { scanProfile } from '../../src/cli/launch.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { REPO_ROOT, runCli, tempTree } from '../support/cli.js';

const HASH = 'ab'.repeat(32);

/** A bundle as scripts/bundle.mjs writes it: content hash in the first line, CommonJS body. */
function bundle(body: string, hash = HASH): string {
  const dir = mkdtempSync(join(tmpdir(), 'leakguard-bundle-'));
  const file = join(dir, 'scan.cjs');
  writeFileSync(file, `/* leakguard-bundle ${hash} */\n"use strict";\n${body}\n`);
  return file;
}

// Enough functions that the cache has something to hold; `add` is compiled only when called.
const BODY = 'function add(a, b) { return a + b; }\nmodule.exports = { run: () => add(40, 2), file: __filename };';

// In a new process each time, as the CLI runs: within one, V8 reuses the script it compiled
// before and never looks at the cache.
const LOADER = join(REPO_ROOT, 'dist', 'src', 'cli', 'code-cache.js');
function run(file: string, cacheDir: string | undefined, profile = 'tree'): { cache: string; value: number } {
  const script = `import { runBundle } from ${JSON.stringify(LOADER)};
const result = runBundle(${JSON.stringify(file)}, { cacheDir: ${JSON.stringify(cacheDir)}, profile: ${JSON.stringify(profile)} });
const value = result.exports.run();
result.saveCache();
process.stdout.write(JSON.stringify({ cache: result.cache, value }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as { cache: string; value: number };
}

describe('code cache of the scan bundle', () => {
  it('compiles from source once, then runs from the cache the first run wrote (0600)', () => {
    const file = bundle(BODY);
    const cache = mkdtempSync(join(tmpdir(), 'leakguard-cache-'));
    expect(run(file, cache)).toEqual({ cache: 'miss', value: 42 });
    const written = join(cache, cacheFileName(file, HASH, 'tree'));
    expect(statSync(written).mode & 0o777).toBe(0o600);
    expect(run(file, cache)).toEqual({ cache: 'hit', value: 42 });
    // Another kind of scan gets its own cache.
    expect(run(file, cache, 'staged')).toEqual({ cache: 'miss', value: 42 });
    expect(readdirSync(cache).sort()).toEqual([cacheFileName(file, HASH, 'staged'), cacheFileName(file, HASH, 'tree')].sort());
  });

  it('a corrupt or truncated cache is rejected, the bundle still runs, and the cache is rewritten', () => {
    const file = bundle(BODY);
    const cache = mkdtempSync(join(tmpdir(), 'leakguard-cache-'));
    run(file, cache);
    const written = join(cache, cacheFileName(file, HASH, 'tree'));
    const good = readFileSync(written);
    writeFileSync(written, Buffer.alloc(good.length, 0x5a));
    expect(run(file, cache)).toEqual({ cache: 'rejected', value: 42 });
    expect(run(file, cache)).toEqual({ cache: 'hit', value: 42 });
    writeFileSync(written, good.subarray(0, good.length >> 1));
    expect(run(file, cache)).toEqual({ cache: 'rejected', value: 42 });
    writeFileSync(written, '');
    expect(run(file, cache)).toEqual({ cache: 'miss', value: 42 });
    expect(run(file, cache)).toEqual({ cache: 'hit', value: 42 });
  });

  it('a new build of the bundle misses, and its cache replaces the old build\'s', () => {
    const cache = mkdtempSync(join(tmpdir(), 'leakguard-cache-'));
    const old = bundle(BODY);
    run(old, cache);
    // Same length, other code: V8 would accept the old cache (it checks only the length), so
    // the content hash in the name must keep it from being used.
    const next = bundle(BODY.replace('a + b', 'b + a'), 'cd'.repeat(32));
    expect(run(next, cache)).toEqual({ cache: 'miss', value: 42 });
    expect(readdirSync(cache)).toEqual([cacheFileName(next, 'cd'.repeat(32), 'tree')]);
  });

  it('runs without a cache when the directory cannot be written, is a file, or holds a FIFO', () => {
    const file = bundle(BODY);
    const parent = mkdtempSync(join(tmpdir(), 'leakguard-cache-'));
    const notADir = join(parent, 'file');
    writeFileSync(notADir, 'x');
    expect(run(file, notADir)).toEqual({ cache: 'miss', value: 42 });
    expect(run(file, join(notADir, 'below'))).toEqual({ cache: 'miss', value: 42 });
    if (process.getuid?.() !== 0) {
      const readOnly = mkdtempSync(join(tmpdir(), 'leakguard-cache-'));
      chmodSync(readOnly, 0o500);
      expect(run(file, readOnly)).toEqual({ cache: 'miss', value: 42 });
      expect(readdirSync(readOnly)).toEqual([]);
    }
    const withFifo = mkdtempSync(join(tmpdir(), 'leakguard-cache-'));
    execFileSync('mkfifo', [join(withFifo, cacheFileName(file, HASH, 'tree'))]);
    expect(run(file, withFifo)).toEqual({ cache: 'miss', value: 42 });
  });

  it('is off without a cache directory or a content hash, and the bundle runs the same', () => {
    const file = bundle(BODY);
    expect(run(file, undefined)).toEqual({ cache: 'off', value: 42 });
    const dir = mkdtempSync(join(tmpdir(), 'leakguard-bundle-'));
    const plain = join(dir, 'plain.cjs');
    writeFileSync(plain, `${BODY}\n`);
    const cache = mkdtempSync(join(tmpdir(), 'leakguard-cache-'));
    expect(run(plain, cache)).toEqual({ cache: 'off', value: 42 });
    expect(readdirSync(cache)).toEqual([]);
  });

  it('gives the bundle an import() of the modules beside it', async () => {
    const file = bundle("module.exports = { run: () => 1, lazy: () => __leakguardImport('./lazy/answer.mjs') };");
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(file, '..', 'lazy'));
    writeFileSync(join(file, '..', 'lazy', 'answer.mjs'), 'export const answer = 42;\n');
    const cache = mkdtempSync(join(tmpdir(), 'leakguard-cache-'));
    for (const expected of ['miss', 'hit']) {
      const result = runBundle(file, { cacheDir: cache, profile: 'tree' });
      expect(result.cache).toBe(expected);
      expect(await (result.exports['lazy'] as () => Promise<{ answer: number }>)()).toMatchObject({ answer: 42 });
      result.saveCache();
    }
  });

  it('keeps one cache per kind of scan', () => {
    expect(scanProfile(['scan', '--staged'])).toBe('staged');
    expect(scanProfile(['scan', '--history'])).toBe('git');
    expect(scanProfile(['scan', '--range=a..b'])).toBe('git');
    expect(scanProfile(['scan', '.', '--format', 'json'])).toBe('tree');
    expect(scanProfile(['scan', '-'])).toBe('tree');
  });
});

describe('the CLI with a code cache', () => {
  it('finds the same credential with no cache, a fresh one, a corrupt one, an unwritable one and the cache off', () => {
    const token = new FakeTokens(13).huggingFace();
    const tree = tempTree({ 'a.py': `HF_TOKEN = "${token}"\n` });
    const cache = mkdtempSync(join(tmpdir(), 'leakguard-cache-'));
    const scan = (env: NodeJS.ProcessEnv) => {
      const result = runCli(['scan', '.', '--format', 'json'], tree, env);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(1);
      return (JSON.parse(result.stdout) as { findings: { ruleId: string; path: string; line: number }[] }).findings.map(({ ruleId, path, line }) => ({ ruleId, path, line }));
    };
    const expected = [{ ruleId: 'huggingface-user-token', path: 'a.py', line: 1 }];
    expect(scan({ LEAKGUARD_CACHE_DIR: cache })).toEqual(expected);
    const files = readdirSync(cache).filter((name) => name.endsWith('.v8cache'));
    expect(files).toHaveLength(1);
    expect(scan({ LEAKGUARD_CACHE_DIR: cache })).toEqual(expected);
    writeFileSync(join(cache, files[0]!), 'not a code cache');
    expect(scan({ LEAKGUARD_CACHE_DIR: cache })).toEqual(expected);
    const notADir = join(cache, 'file');
    writeFileSync(notADir, 'x');
    expect(scan({ LEAKGUARD_CACHE_DIR: notADir })).toEqual(expected);
    const off = mkdtempSync(join(tmpdir(), 'leakguard-cache-'));
    expect(scan({ LEAKGUARD_CACHE_DIR: off, LEAKGUARD_CODE_CACHE: '0' })).toEqual(expected);
    expect(existsSync(off) && readdirSync(off)).toEqual([]);
  });
});
