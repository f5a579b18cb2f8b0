// The walk joins paths as strings while they are valid UTF-8 and as bytes below a name that is
// not (its own or a parent's): each listed file's `absolute` opens that very file, and the listing is in path order.
import { statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../../src/sources/files.js';
import { scanTree } from '../../src/engine.js';
import { tempTree } from '../support/cli.js';

const options = { ignorePaths: [], maxFileSize: 1 << 20, gitignore: true };

describe('walk paths', () => {
  it('lists UTF-8 paths as strings joined under the root', async () => {
    const root = tempTree({ 'a/b/c.py': 'x = 1\n', 'a/é.py': 'y = 2\n', 'z.py': 'z = 3\n', '.gitignore': '*.log\n', 'a/skip.log': 'no\n' });
    const listing = await listFiles(['.'], { ...options, cwd: root });
    expect(listing.files.map((file) => file.path)).toEqual(['.gitignore', 'a/b/c.py', 'a/é.py', 'z.py']);
    for (const file of listing.files) expect(file.absolute).toBe(join(root, file.path));
  });

  it('opens by bytes what sits below a directory whose name is not UTF-8', async () => {
    const root = tempTree({ 'ok.py': 'x = 1\n' });
    const odd = Buffer.concat([Buffer.from(`${root}/`), Buffer.from([0x64, 0xe9, 0xff])]); // "d\xe9\xff"
    mkdirSync(Buffer.concat([odd, Buffer.from('/inner')]), { recursive: true });
    const deep = Buffer.concat([odd, Buffer.from('/inner/x'), Buffer.from([0xfe]), Buffer.from('.py')]);
    writeFileSync(deep, 'x = 2\n');
    // A UTF-8 name below the odd directory: its path is still the parent's bytes plus its own.
    const plain = Buffer.concat([odd, Buffer.from('/inner/plain.py')]);
    writeFileSync(plain, 'y = 33\n');
    const listing = await listFiles(['.'], { ...options, cwd: root });
    const paths = listing.files.map((file) => file.path);
    expect(paths).toEqual(['d\ufffd\ufffd/inner/plain.py', 'd\ufffd\ufffd/inner/x\ufffd.py', 'ok.py']);
    expect(listing.skipped).toEqual([]);
    for (const [index, expected, size] of [[0, plain, 7], [1, deep, 6]] as const) {
      const below = listing.files[index]!;
      expect(Buffer.isBuffer(below.absolute)).toBe(true);
      expect(Buffer.compare(below.absolute as Buffer, expected)).toBe(0);
      expect(statSync(below.absolute).size).toBe(size);
    }
  });
});

describe('walk sizes', () => {
  const many = (count: number, extra: Record<string, string | Buffer> = {}): Record<string, string | Buffer> => {
    const files: Record<string, string | Buffer> = { ...extra };
    for (let i = 0; i < count; i++) files[`src/m${String(i).padStart(5, '0')}.py`] = `x = ${i}\n`;
    return files;
  };

  it('sizes the first files, then a sample, and none past `until`; oversized files it passed over are listed', async () => {
    const root = tempTree(many(30, { 'z/big.csv': 'a,b\n'.repeat(100), 'z/weights.bin': Buffer.alloc(600, 1) }));
    const listing = await listFiles(['.'], { ...options, maxFileSize: 256, cwd: root, sizing: { exact: 4, every: 3, until: 20 } });
    // The walk's first four files, then those at its indexes 6, 9, 12, 15 and 18; none from the twentieth on.
    const sized = listing.files.filter((file) => file.size !== undefined);
    expect(sized).toHaveLength(4 + 5);
    for (const file of sized) expect(file.size).toBe(statSync(file.absolute).size);
    // Unsized files are left to the reader's limit: nothing was skipped by size.
    expect(listing.files).toHaveLength(32);
    expect(listing.skipped).toEqual([]);
    const average = sized.reduce((sum, file) => sum + file.size!, 0) / sized.length;
    expect(listing.estimatedBytes).toBeCloseTo(average * 32);
    // Without the option every file is sized, and the oversized ones are notes.
    const whole = await listFiles(['.'], { ...options, maxFileSize: 256, cwd: root });
    expect(whole.files.every((file) => file.size !== undefined)).toBe(true);
    expect(whole.estimatedBytes).toBe(whole.files.reduce((sum, file) => sum + file.size!, 0));
    expect(whole.skipped.map((note) => [note.path, note.reason]).sort()).toEqual([['z/big.csv', 'too-large'], ['z/weights.bin', 'binary']]);
  });

  it('gives a large tree the notes a fully sized walk gives: the reader applies the limit to files listed unsized', async () => {
    // The engine samples sizes, and past 4,000 files stops (a large tree whatever the rest weighs).
    const root = tempTree(many(4100, { 'z/big.csv': 'a,b\n'.repeat(40_000), 'z/weights.bin': Buffer.alloc(150_000, 1), '.leakguard.json': JSON.stringify({ maxFileSize: 100_000 }) }));
    const listing = await listFiles(['.'], { ...options, maxFileSize: 100_000, cwd: root, sizing: { exact: 1024, every: 8, until: 4000 } });
    expect(listing.files.find((file) => file.path === 'z/big.csv')?.size).toBeUndefined();
    const result = await scanTree({ cwd: root, paths: [], threads: 1 });
    expect(result.notes).toEqual([
      { path: 'z/big.csv', reason: 'too-large', detail: '160000 bytes, maxFileSize is 100000' },
      { path: 'z/weights.bin', reason: 'binary', detail: '150000 bytes, maxFileSize is 100000' },
    ]);
    expect(result.stats.files).toBe(4101);
  });
});
