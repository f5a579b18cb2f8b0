// withoutImageBytes cuts image values out of a notebook's bytes before decoding (issue 13): the
// decoded result must be exactly withoutImageData of the decoded file, whatever the bytes hold
// (multi-byte UTF-8, invalid sequences, escapes, broken JSON).
import { describe, expect, it } from 'vitest';
import { withoutImageData } from '../../src/scanner/notebook.js';
import { withoutImageBytes } from '../../src/scanner/notebook-bytes.js';
import { seededRandom } from '../../src/util/fake-tokens.js';

const sameAsText = (bytes: Buffer): void => {
  expect(withoutImageBytes(bytes).toString('utf8')).toBe(withoutImageData(bytes.toString('utf8')));
};

const pixels = (random: () => number, length: number): string =>
  Array.from({ length }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[Math.floor(random() * 64)]).join('');

// Pieces that could throw a byte-level cut off: multi-byte characters, invalid UTF-8, escapes,
// control characters, stray quotes and brackets.
const ODD_PIECES = [
  Buffer.from('é'), Buffer.from('日本'), Buffer.from('🙂'), Buffer.from([0xe2, 0x82]), Buffer.from([0xff]), Buffer.from([0xc3]),
  Buffer.from('\\u00e9'), Buffer.from('\\u12'), Buffer.from('\\"'), Buffer.from('\\\\'), Buffer.from('\\x'), Buffer.from('\n'),
  Buffer.from('\t'), Buffer.from('"'), Buffer.from(']'), Buffer.from('['), Buffer.from(','), Buffer.from(':'),
  Buffer.from('"image/png"'), Buffer.from('"image/svg+xml"'), Buffer.from('"IMAGE/JPEG"'), Buffer.from('\\u0022'),
];

function notebookBytes(random: () => number): Buffer {
  const cells = Array.from({ length: 3 }, () => ({
    cell_type: 'code',
    source: ['import os\n', 'x = 1'],
    outputs: [{ output_type: 'display_data', data: { 'image/png': pixels(random, 200), 'image/jpeg': [`${pixels(random, 40)}\n`, pixels(random, 20)], 'text/plain': ['<Figure>'] } }],
  }));
  const text = JSON.stringify({ cells, metadata: {}, nbformat: 4 }, null, 1);
  const bytes = Buffer.from(text);
  // Splice odd pieces in at random places, often inside image values.
  const pieces: Buffer[] = [];
  let at = 0;
  for (let k = 0; k < 4; k++) {
    const next = Math.min(bytes.length, at + Math.floor(random() * (bytes.length / 3)));
    pieces.push(bytes.subarray(at, next), ODD_PIECES[Math.floor(random() * ODD_PIECES.length)]!);
    at = next;
  }
  pieces.push(bytes.subarray(at));
  return Buffer.concat(pieces);
}

describe('withoutImageBytes', () => {
  it('decodes to exactly withoutImageData of the decoded notebook, odd bytes included', () => {
    const random = seededRandom(4242);
    for (let round = 0; round < 2000; round++) sameAsText(notebookBytes(random));
  });

  it('agrees on the hand-written edge cases', () => {
    const cases = [
      '{"cells": [], "x": {"image/png": "AAA\nBBB"}}',
      '{"cells": [], "x": {"image/png": "AA\\x41"}}',
      '{"x": {"image/png": "AA\\u0041\\n"}}',
      '{"x": {"image/png": "AA\\u00"}}',
      '{"x": {"image/png": "AA\\u00é1"}}',
      '{"cells": [], "x": {"image/png": "AAAA',
      '{"cells": [, "x": {"image/png": "AAAA"}}',
      '{"cells": [], "s": "say \\"image/png\\": \\"AAAA\\""}',
      '{"x": {"image/png": ["AA\\n", "BB"], "image/svg+xml": "<svg/>", "image/jpeg" : [ ] }}',
      '{"x": {"image/pngé": "AA", "image/gif": "é€"}}',
      '{"x": {"image/png": "AA", "image/png": 5}}',
      '',
      '"image/',
    ];
    for (const text of cases) sameAsText(Buffer.from(text));
  });

  it('finds a control character at any offset of a value, whatever the alignment of the bytes', () => {
    for (let shift = 0; shift < 4; shift++) {
      for (let at = 0; at < 40; at++) {
        for (const control of ['\n', '\u001f', '\u0000']) {
          const value = `${'A'.repeat(at)}${control}${'B'.repeat(40 - at)}`;
          const text = `{"x": {"image/png": "${value}", "image/gif": "${'C'.repeat(at + 3)}"}}`;
          // A view that starts at an odd offset of its memory, as a file after a BOM does.
          const bytes = Buffer.concat([Buffer.alloc(shift), Buffer.from(text)]).subarray(shift);
          sameAsText(bytes);
          expect(withoutImageBytes(bytes).toString()).toContain(value);
        }
      }
    }
  });

  it('returns the same buffer when there is nothing to cut', () => {
    const bytes = Buffer.from('{"cells": [{"source": "print(1)"}]}');
    expect(withoutImageBytes(bytes)).toBe(bytes);
  });
});
