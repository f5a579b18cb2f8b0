// scanFileBatch reads every file of a batch into one reused buffer and decodes notebooks without
// their images (issue 13): findings must equal a scan of each file's own decoded text.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanFragment } from '../../src/scanner/index.js';
import { decodeText } from '../../src/sources/file-kinds.js';
import { FakeTokens, seededRandom } from '../../src/util/fake-tokens.js';
import { scanFileBatch } from '../../src/workers/scan-files.js';
import type { Finding } from '../../src/types/index.js';
import { builtinCompiled } from '../support/rules.js';

const scratch = mkdtempSync(join(tmpdir(), 'leakguard-scan-files-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const tokens = new FakeTokens(2718);
const MAX = 2 * 1024 * 1024;
const view = (finding: Finding): unknown => [finding.path, finding.line, finding.column, finding.endColumn, finding.secret, finding.cell, finding.cellLine];

function scanOneByOne(files: { path: string; bytes: Buffer }[]): unknown[] {
  return files.flatMap(({ path, bytes }) => scanFragment({ path, text: decodeText(bytes) }, builtinCompiled()).map(view));
}

function batchOf(files: { path: string; bytes: Buffer }[], maxFileSize = MAX): unknown[] {
  for (const file of files) writeFileSync(join(scratch, file.path), file.bytes);
  const task = { id: 0, files: files.map((file) => ({ absolute: join(scratch, file.path), path: file.path })) };
  return scanFileBatch(task, builtinCompiled(), new Set(), maxFileSize).findings.map(view);
}

describe('scanFileBatch', () => {
  it('a shorter file after a longer one sees none of the longer one\'s bytes', () => {
    const token = tokens.huggingFace();
    const files = [
      { path: 'long.py', bytes: Buffer.from(`${'# filler\n'.repeat(5000)}HF_TOKEN = "${token}"\n`) },
      { path: 'short.py', bytes: Buffer.from('x = 1\n') },
      { path: 'huge.py', bytes: Buffer.from(`${'# filler line\n'.repeat(400_000)}HF_TOKEN = "${token}"\n`) },
      { path: 'after.py', bytes: Buffer.from(`HF_TOKEN = "${token.slice(0, 10)}"\n`) },
    ];
    // huge.py is above the 4 MiB a thread keeps, so it gets a buffer of its own.
    const found = batchOf(files, 8 * 1024 * 1024);
    expect(found).toEqual(scanOneByOne(files));
    expect(found.map((finding) => (finding as unknown[])[0])).toEqual(['long.py', 'huge.py']);
  });

  it('notebooks with images, a BOM, non-ASCII text or none of them find what a scan of their text finds', () => {
    const random = seededRandom(31);
    const plot = (length: number): string => Array.from({ length }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[Math.floor(random() * 64)]).join('');
    const notebook = (token: string, extra: string): string =>
      JSON.stringify(
        {
          cells: [
            { cell_type: 'code', source: ['plot()\n'], outputs: [{ output_type: 'display_data', data: { 'image/png': plot(50_000), 'text/plain': [`<Figure ${extra}>`] } }] },
            { cell_type: 'code', source: [`# ${extra}\n`, `HF_TOKEN = "${token}"\n`], outputs: [{ output_type: 'stream', text: [`${token}\n`] }] },
          ],
          metadata: {},
          nbformat: 4,
        },
        null,
        1,
      );
    const files = [
      { path: 'plots.ipynb', bytes: Buffer.from(notebook(tokens.huggingFace(), 'plain')) },
      { path: 'bom.ipynb', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(notebook(tokens.huggingFace(), 'bom'))]) },
      { path: 'accents.ipynb', bytes: Buffer.from(notebook(tokens.huggingFace(), 'café 日本')) },
      { path: 'clean.ipynb', bytes: Buffer.from(notebook('hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'none')) },
      { path: 'no-images.ipynb', bytes: Buffer.from(JSON.stringify({ cells: [{ cell_type: 'code', source: `TOKEN = "${tokens.huggingFace()}"` }] })) },
      { path: 'broken.ipynb', bytes: Buffer.from(`{"cells": [ "image/png": "${plot(100)}", HF_TOKEN = "${tokens.huggingFace()}"`) },
      { path: 'UPPER.IPYNB', bytes: Buffer.from(notebook(tokens.huggingFace(), 'upper')) },
    ];
    const found = batchOf(files);
    expect(found).toEqual(scanOneByOne(files));
    expect(new Set(found.map((finding) => (finding as unknown[])[0]))).toEqual(new Set(['plots.ipynb', 'bom.ipynb', 'accents.ipynb', 'no-images.ipynb', 'broken.ipynb', 'UPPER.IPYNB']));
  });
});
