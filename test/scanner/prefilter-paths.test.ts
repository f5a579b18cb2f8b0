// The byte prefilter has two loops: 16-bit loads on even-aligned buffers (scanWords, with the
// bucket check inlined for speed, issue 13) and byte pairs otherwise. Both must select exactly
// the rules the text prefilter selects, wherever the keywords sit.
import { describe, expect, it } from 'vitest';
import { candidatesInBytes } from '../../src/scanner/index.js';
import { activeRules } from '../../src/scanner/match.js';
import { seededRandom } from '../../src/util/fake-tokens.js';
import { builtinCompiled } from '../support/rules.js';

const ids = (rules: readonly { rule: { id: string } }[] | undefined): string[] => (rules ?? []).map((entry) => entry.rule.id).sort();

/** A copy of the bytes starting at an even (`odd` false) or odd offset of its memory. */
function placed(bytes: Buffer, odd: boolean): Buffer {
  const memory = Buffer.alloc(bytes.length + 2);
  const start = odd ? 1 : 0;
  bytes.copy(memory, start);
  return memory.subarray(start, start + bytes.length);
}

describe('byte prefilter loops', () => {
  it('aligned and unaligned bytes select the rules the decoded text selects', () => {
    const compiled = builtinCompiled();
    const random = seededRandom(99);
    const pieces = ['\n', ' ', 'é', 'x', '_', '-', 'K', '"'];
    for (let round = 0; round < 3000; round++) {
      let text = '';
      for (let i = Math.floor(random() * 30); i > 0; i--) {
        if (random() < 0.4) {
          const keyword = compiled.keywords[Math.floor(random() * compiled.keywords.length)]!;
          const cut = random() < 0.3 ? Math.floor(random() * keyword.length) : keyword.length;
          text += [...keyword.slice(0, cut)].map((char) => (random() < 0.5 ? char.toUpperCase() : char)).join('');
        } else text += pieces[Math.floor(random() * pieces.length)];
      }
      const bytes = Buffer.from(text);
      const expected = ids(activeRules(text, compiled));
      for (const odd of [false, true]) {
        const found = candidatesInBytes(placed(bytes, odd), compiled);
        expect(ids(found?.rules)).toEqual(expected);
        expect(found?.ascii).toBe(!/[^\x00-\x7f]/.test(text));
      }
    }
  });
});
