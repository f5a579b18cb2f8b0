// The safe reader stops at a short read that ends at the fstat size (one read syscall per file
// instead of two); files must still come back whole, and a file whose fstat size is no guide
// (procfs reports 0) must not be taken as empty.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRegularFile } from '../../src/util/safe-read.js';

const scratch = mkdtempSync(join(tmpdir(), 'leakguard-safe-read-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('readRegularFile', () => {
  const sizes = [0, 1, 100, 8191, 8192, 8193, 70_000];
  for (const size of sizes) {
    it(`reads a ${size}-byte file whole, with and without the binary probe`, () => {
      const path = join(scratch, `f${size}.txt`);
      const content = Buffer.from(Array.from({ length: size }, (_, i) => 97 + (i % 26)));
      writeFileSync(path, content);
      for (const probe of [false, true]) {
        const read = readRegularFile(path, 1_000_000, probe);
        expect(read.kind).toBe('ok');
        if (read.kind === 'ok') expect(read.data.equals(content)).toBe(true);
      }
    });
  }

  it('reports a file over the cap as too large, and a NUL in the first 8 KiB as binary when probing', () => {
    const path = join(scratch, 'big.txt');
    writeFileSync(path, 'x'.repeat(5000));
    expect(readRegularFile(path, 4999)).toEqual({ kind: 'too-large', size: 5000 });
    const binary = join(scratch, 'blob.bin');
    writeFileSync(binary, Buffer.concat([Buffer.from('abc'), Buffer.alloc(1), Buffer.from('def')]));
    expect(readRegularFile(binary, 1000, true)).toEqual({ kind: 'binary' });
  });

  it.skipIf(!existsSync('/proc/self/status'))('does not take a procfs file (fstat size 0, content behind it) for an empty file', () => {
    const read = readRegularFile('/proc/self/status', 1_000_000);
    expect(read.kind === 'ok' && read.data.length === 0).toBe(false);
  });
});
