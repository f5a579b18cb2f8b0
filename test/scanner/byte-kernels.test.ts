// The WebAssembly kernels (src/scanner/byte-kernels.wat, issue 13) stand in for two JavaScript
// loops of a tree scan, so each must answer exactly what its twin answers: the keyword pass over
// every input (which keywords, ASCII or not, how far it looked) and the control-byte check over
// every range. Both are compared with the JavaScript loop and with a plain search.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kernelHasControlByte, kernelScanWords } from '../../src/scanner/byte-kernels.js';
import { BYTE_KERNELS_WASM } from '../../src/scanner/byte-kernels-wasm.js';
import { hasControlByte } from '../../src/scanner/notebook-bytes.js';
import { FOLD, buildKeywordTable, keywordTableOf, scanKeywordBytes, type KeywordTable } from '../../src/scanner/prefilter.js';
import { seededRandom } from '../../src/util/fake-tokens.js';
import { expectedSeen, placed } from '../support/keyword-bytes.js';
import { builtinCompiled } from '../support/rules.js';

/** Bytes of keyword pieces in random case among separators, non-ASCII bytes and filler letters. */
function noisyBytes(random: () => number, keywords: readonly Uint8Array[], length: number, nonAscii: boolean): Uint8Array {
  const fillers = [0x20, 0x0a, 0x5f, 0x2d, 0x3d, 0x22, 0x61, 0x65, 0x6b, 0x6f, 0x74, 0x41, 0x4b, 0x00];
  const bytes = new Uint8Array(length);
  let at = 0;
  while (at < length) {
    if (random() < 0.08) {
      const keyword = keywords[Math.floor(random() * keywords.length)]!;
      const cut = random() < 0.3 ? 1 + Math.floor(random() * (keyword.length - 1)) : keyword.length;
      for (let j = 0; j < cut && at < length; j++) bytes[at++] = random() < 0.5 && keyword[j]! >= 97 && keyword[j]! <= 122 ? keyword[j]! - 32 : keyword[j]!;
    } else if (nonAscii && random() < 0.002) bytes[at++] = 0x80 + Math.floor(random() * 0x80);
    else bytes[at++] = fillers[Math.floor(random() * fillers.length)]!;
  }
  return bytes;
}

/** The table's keywords as text, for the plain search. */
function keywordsOf(table: KeywordTable): string[] {
  return table.bytes.map((keyword) => String.fromCharCode(...keyword));
}

function kernelScan(bytes: Uint8Array, table: KeywordTable) {
  const scan = kernelScanWords(bytes, table, FOLD);
  expect(scan, 'WebAssembly is available on every Node this project supports').toBeDefined();
  return scan!;
}

describe('byte-kernels-wasm.ts', () => {
  it('is byte-kernels.wat as assembled now (run npm run build:wasm after editing the .wat)', async () => {
    // A build script, not part of the typed sources.
    const script = '../../scripts/build-wasm.mjs';
    const { assembledModule } = (await import(script)) as { assembledModule(): Promise<string> };
    expect(await assembledModule()).toBe(readFileSync(new URL('../../src/scanner/byte-kernels-wasm.ts', import.meta.url), 'utf8'));
    // And what the module holds is WebAssembly (its magic number), not an empty string.
    expect(Buffer.from(BYTE_KERNELS_WASM, 'base64').subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
  });
});

describe('kernel keyword pass', () => {
  const table = keywordTableOf(builtinCompiled().keywords)!;

  it('uses the built-in rules with a stride of 2, the case the kernel serves', () => {
    expect(table.stride).toBe(2);
  });

  it('finds exactly the keywords, the ASCII verdict and the stopping point of the JavaScript loop', () => {
    const random = seededRandom(4099);
    for (let round = 0; round < 300; round++) {
      const length = Math.floor(random() * 9000);
      const bytes = noisyBytes(random, table.bytes, length, random() < 0.5);
      const oracle = expectedSeen(bytes, keywordsOf(table));
      const kernel = kernelScan(placed(bytes, round % 3), table);
      expect(Array.from(kernel.seen)).toEqual(oracle);
      const javascript = scanKeywordBytes(placed(bytes, round % 3), table, false);
      expect(Array.from(javascript.seen)).toEqual(oracle);
      // The kernel covers the even pairs; scanKeywordBytes checks the rest for non-ASCII bytes.
      const whole = scanKeywordBytes(placed(bytes, round % 3), table);
      expect(whole.ascii).toBe(bytes.every((byte) => byte < 0x80));
      expect(javascript.ascii).toBe(whole.ascii);
      expect(kernel.covered).toBeLessThanOrEqual(bytes.length);
      expect(kernel.remaining).toBe(table.bytes.length - oracle.filter((flag) => flag === 1).length);
    }
  });

  it('stops at the pair where the last keyword is seen, and the tail after it still decides ASCII', () => {
    const all = table.bytes.flatMap((keyword) => [...keyword, 0x20]);
    for (const tail of [[0x61, 0x62], [0x61, 0xc3, 0xa9], [0xff]]) {
      const bytes = Uint8Array.from([...all, ...Array<number>(5000).fill(0x20), ...tail]);
      const kernel = kernelScan(bytes, table);
      expect(kernel.remaining).toBe(0);
      expect(kernel.covered).toBeLessThan(all.length);
      expect(kernel.seen.every((flag) => flag === 1)).toBe(true);
      expect(scanKeywordBytes(bytes, table).ascii).toBe(tail.every((byte) => byte < 0x80));
    }
  });

  it('sees keywords at the very start and end, at odd lengths, in either case, for several tables', () => {
    const tables = [table, buildKeywordTable(['cohere', 'asia', 'acca', 'comet', 'hf_', 'sk-', 'token_secret'])!, buildKeywordTable(['abc', 'bcd', 'xbc', 'bca', 'aabcc'])!];
    for (const each of tables) {
      for (const keyword of each.bytes) {
        const word = String.fromCharCode(...keyword);
        for (const text of [word, word.toUpperCase(), `${word}x`, `x${word}`, `xy${word}`, `${'.'.repeat(4097)}${word}`, `${word}${'.'.repeat(4097)}`]) {
          const bytes = Buffer.from(text, 'latin1');
          expect(Array.from(kernelScan(bytes, each).seen)).toEqual(expectedSeen(bytes, keywordsOf(each)));
        }
      }
    }
  });

  it('grows its memory for a large input, is right after it on a small one, and leaves inputs over 4 MiB to JavaScript', () => {
    const random = seededRandom(77);
    const large = noisyBytes(random, table.bytes, 3 * 1024 * 1024 + 7, true);
    expect(Array.from(kernelScan(large, table).seen)).toEqual(Array.from(scanKeywordBytes(large, table, false).seen));
    const small = noisyBytes(random, table.bytes, 5000, false);
    expect(Array.from(kernelScan(small, table).seen)).toEqual(expectedSeen(small, keywordsOf(table)));
    expect(kernelScanWords(new Uint8Array(4 * 1024 * 1024 + 1), table, FOLD)).toBeUndefined();
  });

});

describe('kernel control-byte check', () => {
  it('answers as the JavaScript loop for every range around a planted control byte', () => {
    const random = seededRandom(811);
    const base = Buffer.alloc(700);
    for (let i = 0; i < base.length; i++) base[i] = 0x20 + Math.floor(random() * 0xe0);
    for (let planted = -1; planted < base.length; planted += 7) {
      const bytes = Buffer.from(base);
      if (planted >= 0) bytes[planted] = Math.floor(random() * 0x20);
      for (let trial = 0; trial < 12; trial++) {
        const from = Math.floor(random() * 200);
        const to = from + Math.floor(random() * (bytes.length - from + 1));
        const expected = planted >= from && planted < to;
        expect(kernelHasControlByte(bytes, from, to)).toBe(expected);
        expect(hasControlByte(bytes, from, to, false)).toBe(expected);
      }
    }
  });

  it('finds a control byte in the last block of a long plot, and 0x20 and 0x7f are not ones', () => {
    const bytes = Buffer.alloc(100_003, 0x41);
    expect(kernelHasControlByte(bytes, 0, bytes.length)).toBe(false);
    bytes[bytes.length - 1] = 0x20;
    bytes[5000] = 0x7f;
    expect(kernelHasControlByte(bytes, 0, bytes.length)).toBe(false);
    bytes[bytes.length - 2] = 0x1f;
    expect(kernelHasControlByte(bytes, 0, bytes.length)).toBe(true);
    expect(kernelHasControlByte(bytes, 0, bytes.length - 2)).toBe(false);
    expect(hasControlByte(bytes, 0, bytes.length)).toBe(true);
  });
});
