// Image values are cut out of a notebook's JSON before it is parsed (a speed measure, issue 13):
// the parsed notebook must be the same as before apart from those values, every invalid file
// must stay invalid, and tokens next to images must still be found on their raw lines.
import { describe, expect, it } from 'vitest';
import { notebookParts, withoutImageData } from '../../src/scanner/notebook.js';
import { scanFragment } from '../../src/scanner/index.js';
import { FakeTokens, seededRandom } from '../../src/util/fake-tokens.js';
import { builtinCompiled } from '../support/rules.js';

const tokens = new FakeTokens(1313);
const pixels = (random: () => number, length: number): string => Array.from({ length }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[Math.floor(random() * 64)]).join('');

/** JSON.parse with every string or list image value (except SVG) blanked; collectInto skips them all. */
function blankedReference(raw: string): unknown {
  return JSON.parse(raw, (key, value: unknown) => (/^image\/(?!svg)/i.test(key) && (typeof value === 'string' || Array.isArray(value)) ? '' : value));
}

function notebook(random: () => number, token: string): string {
  const cells = Array.from({ length: 4 }, (_, index) => ({
    cell_type: 'code',
    metadata: { tags: ['image/png'] },
    source: index === 2 ? [`HF_TOKEN = "${token}"\n`, 'print("image/png": 1)\n'] : ['plot()\n'],
    outputs: [
      {
        output_type: 'display_data',
        data: {
          'image/png': pixels(random, 3000),
          'image/jpeg': [pixels(random, 70) + '\n', pixels(random, 30)],
          'image/svg+xml': ['<svg>image/png</svg>'],
          'text/plain': ['<Figure size 640x480>'],
        },
        metadata: { 'image/png': { width: 640 } },
      },
    ],
  }));
  return JSON.stringify({ cells, metadata: { kernelspec: { name: 'python3' } }, nbformat: 4, nbformat_minor: 5 }, null, 1);
}

describe('withoutImageData', () => {
  it('blanks image values and nothing else: the parse equals the raw parse with images blanked', () => {
    const random = seededRandom(7);
    for (let round = 0; round < 20; round++) {
      const raw = notebook(random, tokens.huggingFace());
      const stripped = withoutImageData(raw);
      expect(stripped.length).toBeLessThan(raw.length / 2);
      expect(JSON.parse(stripped)).toEqual(blankedReference(raw));
      // Keys written as strings elsewhere (a tag, cell source, SVG text, an object value) stay.
      expect(stripped).toContain('"tags": [\n     "image/png"');
      expect(stripped).toContain('<svg>image/png</svg>');
      expect(JSON.parse(stripped).cells[0].outputs[0].metadata).toEqual({ 'image/png': { width: 640 } });
    }
  });

  it('keeps invalid files invalid and leaves values that are not plain strings alone', () => {
    const control = '{"cells": [], "x": {"image/png": "AAA\nBBB"}}';
    expect(withoutImageData(control)).toBe(control);
    expect(() => JSON.parse(control)).toThrow();
    const badEscape = '{"cells": [], "x": {"image/png": "AA\\x41"}}';
    expect(withoutImageData(badEscape)).toBe(badEscape);
    expect(() => JSON.parse(badEscape)).toThrow();
    expect(withoutImageData('{"x": {"image/png": "AA\\u0041\\n"}}')).toBe('{"x": {"image/png": ""}}');
    const unterminated = '{"cells": [], "x": {"image/png": "AAAA';
    expect(withoutImageData(unterminated)).toBe(unterminated);
    const broken = '{"cells": [, "x": {"image/png": "AAAA"}}';
    expect(() => JSON.parse(withoutImageData(broken))).toThrow();
    // An escaped quote inside a string is not a key.
    const inString = '{"cells": [], "s": "say \\"image/png\\": \\"AAAA\\""}';
    expect(withoutImageData(inString)).toBe(inString);
  });

  it('strips a multi-megabyte plot in one pass (no per-character backtracking)', () => {
    const plot = `${pixels(seededRandom(3), 3 * 1024 * 1024)}\\n`;
    const raw = `{"cells": [{"outputs": [{"data": {"image/png": "${plot}", "text/plain": ["<Figure>"]}}]}]}`;
    expect(withoutImageData(raw)).toBe('{"cells": [{"outputs": [{"data": {"image/png": "", "text/plain": ["<Figure>"]}}]}]}');
  });

  it('a token beside image outputs is found on its raw line, with the same parts as before', () => {
    const token = tokens.huggingFace();
    const raw = notebook(seededRandom(9), token);
    const parts = notebookParts(raw) ?? [];
    expect(parts.map((part) => part.text).join('\n')).not.toMatch(/[A-Za-z0-9+/]{1000}/);
    const findings = scanFragment({ path: 'plots.ipynb', text: raw }, builtinCompiled());
    const line = raw.split('\n').findIndex((text) => text.includes(token)) + 1;
    expect(findings.map((finding) => [finding.secret, finding.line, finding.cell, finding.cellLine])).toEqual([[token, line, 2, 1]]);
  });
});
