// The walk joins paths as strings while they are valid UTF-8 and as bytes below a name that is
// not (its own or a parent's): each listed file's `absolute` opens that very file, and the listing is in path order.
import { statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../../src/sources/files.js';
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
