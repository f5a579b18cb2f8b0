// The byte prefilter turns a pair hit away when the bytes around it cannot belong to any keyword
// of the pair's bucket (prefilter.ts, neighbourOf). That check must never drop a keyword: at
// either end of the bytes, next to case variants, beside non-ASCII bytes, and for two-byte
// keywords, which have no neighbour to check.
import { describe, expect, it } from 'vitest';
import { buildKeywordTable, scanKeywordBytes, scanKeywordText } from '../../src/scanner/prefilter.js';
import { seededRandom } from '../../src/util/fake-tokens.js';
import { expectedSeen, placed } from '../support/keyword-bytes.js';

const KEYWORD_SETS: readonly (readonly string[])[] = [
  // Short provider names whose pairs are common (`co`, `si`, `ca`): the case the check is for.
  ['cohere', 'asia', 'acca', 'comet', 'hf_', 'sk-', 'token_secret', 'access_key', 'kaggle_key'],
  // A two-byte keyword makes the stride 1 and gives buckets without a neighbour.
  ['hf', 'sk-', 'xoxb-', 'ab', 'cohere'],
  // Keywords sharing pairs at different offsets, so one bucket mixes both neighbour sides.
  ['abc', 'bcd', 'xbc', 'bca', 'aabcc'],
];

describe('byte prefilter neighbour check', () => {
  for (const keywords of KEYWORD_SETS) {
    it(`finds exactly the keywords a plain search finds: ${keywords.join(' ')}`, () => {
      const table = buildKeywordTable(keywords);
      expect(table).toBeDefined();
      const random = seededRandom(keywords.length * 7919);
      const fillers = [0x20, 0x0a, 0x5f, 0x2d, 0x61, 0x62, 0x63, 0x41, 0x43, 0xc3, 0xa9, 0x00, 0x22];
      for (let round = 0; round < 4000; round++) {
        const parts: number[] = [];
        for (let i = Math.floor(random() * 12); i > 0; i--) {
          if (random() < 0.45) {
            const keyword = keywords[Math.floor(random() * keywords.length)]!;
            // Cut keywords and case variants are the near misses a neighbour check must not confuse.
            const cut = random() < 0.3 ? 1 + Math.floor(random() * (keyword.length - 1)) : keyword.length;
            for (const char of keyword.slice(0, cut)) parts.push((random() < 0.5 ? char.toUpperCase() : char).charCodeAt(0));
          } else parts.push(fillers[Math.floor(random() * fillers.length)]!);
        }
        const bytes = Uint8Array.from(parts);
        const expected = expectedSeen(bytes, keywords);
        for (let offset = 0; offset < 4; offset++) {
          expect(Array.from(scanKeywordBytes(placed(bytes, offset), table!).seen)).toEqual(expected);
        }
        // The text loop has the same check on UTF-16 units: Latin-1 keeps every byte as one unit.
        expect(Array.from(scanKeywordText(Buffer.from(bytes).toString('latin1'), table!))).toEqual(expected);
      }
    });
  }

  it('sees a keyword that is the whole input, or sits at its very start or end, in bytes and in text', () => {
    const keywords = ['cohere', 'asia', 'hf_', 'ab'];
    const table = buildKeywordTable(keywords)!;
    for (const keyword of keywords) {
      for (const text of [keyword, keyword.toUpperCase(), `${keyword}xyz`, `xyz${keyword}`, `x${keyword}`, `é${keyword}é`]) {
        const bytes = Buffer.from(text);
        for (let offset = 0; offset < 4; offset++) {
          expect(Array.from(scanKeywordBytes(placed(bytes, offset), table).seen)).toEqual(expectedSeen(bytes, keywords));
        }
        expect(Array.from(scanKeywordText(`${text}中`, table))).toEqual(expectedSeen(bytes, keywords));
        expect(Array.from(scanKeywordText(`中${text}`, table))).toEqual(expectedSeen(bytes, keywords));
      }
    }
  });
});
