// Large ASCII data files are searched in overlapping windows before they are decoded whole
// (src/scanner/windows.ts, issue 13). The windows may only ever skip a file whose whole text no
// rule's regex hits, so every check here compares against the search over the whole text: a hit
// there must be a hit in a window. The converse need not hold (a window's first character has no
// neighbour for a lookbehind to reject), and then the file is only scanned whole.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { candidatesInBytes, compileRules, scanFragment, type CompiledRule } from '../../src/scanner/index.js';
import { regexHits } from '../../src/scanner/match.js';
import { LARGE_TEXT, MAX_REACH, characterStart, mayHit, reachOf, windowsOf } from '../../src/scanner/windows.js';
import { decodeText, detectEncoding } from '../../src/sources/file-kinds.js';
import { FakeTokens, seededRandom } from '../../src/util/fake-tokens.js';
import { scanFileBatch } from '../../src/workers/scan-files.js';
import type { Finding, Rule } from '../../src/types/index.js';
import { builtinCompiled } from '../support/rules.js';

const scratch = mkdtempSync(join(tmpdir(), 'leakguard-windows-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function ruleOf(regex: string): CompiledRule {
  const rule: Rule = { id: 'test-rule', provider: 'test', description: 'test', regex, keywords: ['x'], examples: { match: [], noMatch: [] } } as unknown as Rule;
  return compileRules([rule]).rules[0]!;
}

/** Data-file lines full of the keywords rules look for, and hex that looks like their values. */
function filler(random: () => number, length: number): string {
  const words = ['wandb', 'key', 'token', 'password', 'api_key', 'hf', 'login', 'machine', 'secret', 'AKIA', 'sk-', 'ghp_', '=', ':', '"', "'", ' ', '\n', '\r\n', '\t'];
  let text = '';
  while (text.length < length) {
    const word = words[Math.floor(random() * words.length)]!;
    text += random() < 0.2 ? Math.floor(random() * 0xffffffff).toString(16) : word;
  }
  return text.slice(0, length);
}

describe('windowsOf', () => {
  it('puts every span of up to `reach` characters inside one window, each window at most step + reach long', () => {
    const random = seededRandom(97);
    for (let trial = 0; trial < 120; trial++) {
      const length = Math.floor(random() * 1500);
      const step = 1 + Math.floor(random() * 400);
      const reach = Math.floor(random() * 900);
      const windows = [...windowsOf(length, reach, step)];
      for (const [start, end] of windows) expect(end - start).toBeLessThanOrEqual(step + reach);
      for (let from = 0; from < length; from++) {
        const to = Math.min(length, from + reach);
        expect(windows.some(([start, end]) => start <= from && to <= end)).toBe(true);
      }
    }
  });
});

describe('reachOf', () => {
  it('counts the longest match and the lookarounds on both sides', () => {
    expect(reachOf(ruleOf('abc'))).toBe(3 + 2 * 2);
    expect(reachOf(ruleOf('(?<=k=)[0-9a-f]{40}(?![0-9a-f])'))).toBe(40 + 2 * (1 + 3 + 2 + 1));
    // A lookahead inside a lookahead reads on from where the outer one stands.
    expect(reachOf(ruleOf('a(?=b{10}(?=c{20}))'))).toBe(1 + 2 * (1 + 11 + 21 + 1));
  });

  it('has no bound for a backreference or an unbounded repetition', () => {
    expect(reachOf(ruleOf('(["\'])[a-z]{4}\\1'))).toBe(Infinity);
    expect(reachOf(ruleOf('(?<q>["\'])[a-z]{4}\\k<q>'))).toBe(Infinity);
    expect(reachOf(ruleOf('key=[a-z]+'))).toBe(Infinity);
  });

  it('is bounded, and small enough for windows, for every built-in rule', () => {
    for (const compiled of builtinCompiled().rules) expect([compiled.rule.id, reachOf(compiled) <= MAX_REACH]).toEqual([compiled.rule.id, true]);
  });

  it('declines to answer for a rule without a bound, so the file is scanned whole', () => {
    const text = Buffer.from(`${'a'.repeat(5000)}key=${'b'.repeat(400)}`);
    expect(mayHit(text, [ruleOf('zzz'), ruleOf('key=[a-z]+q')], { ascii: true, step: 100 })).toBe(true);
    expect(mayHit(text, [ruleOf('zzz')], { ascii: true, step: 100 })).toBe(false);
  });
});

describe('mayHit', () => {
  it("hits wherever the whole text's search does, for every built-in rule's examples planted across window edges", () => {
    const tokens = new FakeTokens(4242);
    const random = seededRandom(4243);
    const step = 1024;
    let planted = 0;
    for (const compiled of builtinCompiled().rules) {
      const examples = [...compiled.rule.examples.match, ...compiled.rule.examples.noMatch].map((template) => tokens.expand(template)).filter((text) => /^[\x00-\x7f]*$/.test(text));
      for (const example of examples) {
        const reach = reachOf(compiled);
        // Windows start at multiples of `step`; plant the example so it ends just before, across and
        // just after the start of the third one, and where only the overlap holds it whole.
        const edge = 2 * step;
        const offsets = [edge - example.length - 1, edge - example.length, edge - Math.floor(example.length / 2), edge - 1, edge, edge + step - example.length + 1];
        for (const offset of offsets.filter((at) => at >= 0)) {
          const before = filler(random, offset);
          const text = `${before}${example}${filler(random, step * 3 + reach)}`;
          if (!regexHits(text, compiled)) continue;
          expect([compiled.rule.id, offset, mayHit(Buffer.from(text, 'latin1'), [compiled], { ascii: true, step })]).toEqual([compiled.rule.id, offset, true]);
          planted++;
        }
      }
    }
    expect(planted).toBeGreaterThan(500);
  });

  it('hits where the whole text does on random keyword-dense text, all rules at once', () => {
    const random = seededRandom(77);
    const rules = builtinCompiled().rules;
    for (let trial = 0; trial < 20; trial++) {
      const text = filler(random, 20_000);
      if (rules.some((rule) => regexHits(text, rule))) expect(mayHit(Buffer.from(text, 'latin1'), rules, { ascii: true, step: 512 })).toBe(true);
    }
  });
});

describe('large data files in scanFileBatch', () => {
  it('finds a token on either side of and across every window edge, as the whole-text scan does', () => {
    const tokens = new FakeTokens(606);
    const random = seededRandom(607);
    const files: { path: string; text: string }[] = [];
    const lines: string[] = [];
    while (lines.join('\n').length < LARGE_TEXT * 1.2) lines.push(`${Math.floor(random() * 1e9)},wandb,run-${Math.floor(random() * 1e6).toString(16)},key,${'0123456789abcdef'.repeat(2)}`);
    const body = lines.join('\n');
    for (const shift of [-80, -45, -20, -1, 0, 1, 30]) {
      const at = 64 * 1024 + shift;
      const cut = body.lastIndexOf('\n', at) + 1;
      const text = `${body.slice(0, cut)}HF_TOKEN=${tokens.huggingFace()}\n${body.slice(cut)}`;
      files.push({ path: `runs-${files.length}.csv`, text });
    }
    files.push({ path: 'clean.csv', text: body }, { path: 'clean.jsonl', text: body.replaceAll(',', '","') });
    for (const file of files) writeFileSync(join(scratch, file.path), file.text);
    const task = { id: 0, files: files.map((file) => ({ absolute: join(scratch, file.path), path: file.path })) };
    const batch = scanFileBatch(task, builtinCompiled(), new Set(), 8 << 20).findings.map(view);
    const whole = files.flatMap((file) => scanFragment({ path: file.path, text: file.text }, builtinCompiled()).map(view));
    expect(batch).toEqual(whole);
    expect(batch).toHaveLength(7);
    // The clean files were settled by the windows, not decoded whole.
    expect(mayHit(Buffer.from(body), builtinCompiled().rules, { ascii: true })).toBe(false);
  });
});

/** Text with one- to four-byte characters and, as bytes, stray and cut-short UTF-8 sequences. */
function nonAsciiBytes(random: () => number, length: number, invalid: boolean): Buffer {
  const pieces = ['é', 'ß', '中文', '😀', 'Ω', '\u2028', ' ', '\n', 'wandb', 'key', 'token', '=', '"'];
  const parts: Buffer[] = [];
  let size = 0;
  while (size < length) {
    const roll = random();
    const part =
      invalid && roll < 0.05
        ? Buffer.from([[0x80], [0xbf, 0x80], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xc3], [0xed, 0xa0, 0x80], [0xff]][Math.floor(random() * 7)]!)
        : Buffer.from(roll < 0.4 ? pieces[Math.floor(random() * pieces.length)]! : Math.floor(random() * 0xffffff).toString(36));
    parts.push(part);
    size += part.length;
  }
  return Buffer.concat(parts);
}

describe('UTF-8 windows', () => {
  it('decode to the whole text\'s characters between edges that are not continuation bytes', () => {
    const random = seededRandom(2024);
    for (let trial = 0; trial < 300; trial++) {
      const bytes = nonAsciiBytes(random, 50 + Math.floor(random() * 400), true);
      const edges = [Math.floor(random() * bytes.length), Math.floor(random() * bytes.length)].map((at) => characterStart(bytes, at)).filter((at): at is number => at !== undefined);
      if (edges.length < 2) continue;
      const [from, to] = edges.sort((a, b) => a - b) as [number, number];
      const pieces = bytes.toString('utf8', 0, from) + bytes.toString('utf8', from, to) + bytes.toString('utf8', to);
      expect(pieces).toBe(bytes.toString('utf8'));
    }
  });

  it('characterStart skips at most three continuation bytes', () => {
    const bytes = Buffer.from([0x41, 0xe4, 0xb8, 0xad, 0x42, 0x80, 0x80, 0x80, 0x80, 0x43]);
    expect(characterStart(bytes, 0)).toBe(0);
    expect(characterStart(bytes, 2)).toBe(4);
    expect(characterStart(bytes, 5)).toBeUndefined(); // four in a row: stray, not a character's tail
    expect(characterStart(bytes, 8)).toBe(9);
    expect(characterStart(bytes, 10)).toBe(10);
  });

  it("hits wherever the whole text's search does, examples planted in non-ASCII text across window edges", () => {
    const tokens = new FakeTokens(5151);
    const random = seededRandom(5152);
    const step = 2048;
    let planted = 0;
    for (const compiled of builtinCompiled().rules) {
      const reach = reachOf(compiled);
      if (3 * reach + 8 > 28 * 1024) continue; // declined, as the next test shows
      for (const example of compiled.rule.examples.match.map((template) => tokens.expand(template))) {
        const bytes = Buffer.from(example);
        const edge = 2 * step;
        for (const offset of [edge - bytes.length - 1, edge - Math.floor(bytes.length / 2), edge - 1, edge, edge + 2]) {
          if (offset < 0) continue;
          const bom = planted % 5 === 0 ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0);
          const file = Buffer.concat([bom, nonAsciiBytes(random, offset, planted % 2 === 0).subarray(0, offset), bytes, nonAsciiBytes(random, 3 * step + 3 * reach, planted % 3 === 0)]);
          if (!regexHits(decodeText(file), compiled)) continue;
          // As scanFileBatch asks: without the BOM, which decodeText drops too.
          expect([compiled.rule.id, offset, mayHit(file.subarray(detectEncoding(file).bomLength), [compiled], { ascii: false, step })]).toEqual([compiled.rule.id, offset, true]);
          planted++;
        }
      }
    }
    expect(planted).toBeGreaterThan(200);
  });

  it('overlaps by three bytes per unit of reach: a match of three-byte characters as long as the reach', () => {
    // Exactly 104 units long, whose reach is that and the margins; 302 bytes of UTF-8.
    const rule = ruleOf('key=[^\\s]{100}');
    const step = 512;
    for (let offset = step - 320; offset <= step + 4; offset++) {
      const file = Buffer.from(`${'a'.repeat(offset)}key=${'中'.repeat(100)}${' '.repeat(3 * step)}`);
      expect([offset, mayHit(file, [rule], { ascii: false, step })]).toEqual([offset, true]);
    }
  });

  it('declines a rule whose reach needs more overlap than a window holds', () => {
    const longest = builtinCompiled().rules.find((rule) => rule.rule.id === 'private-key-base64')!;
    expect(mayHit(Buffer.from('é'.repeat(100_000)), [longest], { ascii: false })).toBe(true);
  });

  it('in scanFileBatch: a non-ASCII data file finds what the whole-text scan finds, and a clean one is settled by the windows', () => {
    const tokens = new FakeTokens(808);
    const random = seededRandom(809);
    const rows: string[] = [];
    while (rows.join('\n').length < LARGE_TEXT) rows.push(`${Math.floor(random() * 1e6)},"Très bien — 中文 😀 wandb",key,${Math.floor(random() * 1e9).toString(16)}`);
    const body = rows.join('\n');
    const files: { path: string; bytes: Buffer }[] = [{ path: 'clean.csv', bytes: Buffer.from(body) }];
    for (const shift of [-50, -3, 0, 2, 40]) {
      const at = Buffer.from(body).subarray(0, 32 * 1024 + shift).toString('utf8').length;
      const cut = body.lastIndexOf('\n', at) + 1;
      const text = `${body.slice(0, cut)}HF_TOKEN=${tokens.huggingFace()}\n${body.slice(cut)}`;
      files.push({ path: `tweets-${files.length}.csv`, bytes: Buffer.concat([files.length % 2 === 0 ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text)]) });
    }
    for (const file of files) writeFileSync(join(scratch, file.path), file.bytes);
    const task = { id: 0, files: files.map((file) => ({ absolute: join(scratch, file.path), path: file.path })) };
    const batch = scanFileBatch(task, builtinCompiled(), new Set(), 8 << 20).findings.map(view);
    const whole = files.flatMap((file) => scanFragment({ path: file.path, text: decodeText(file.bytes) }, builtinCompiled()).map(view));
    expect(batch).toEqual(whole);
    expect(batch).toHaveLength(5);
    // With the rules its keywords bring in, as the engine asks (all of them include the PEM rules,
    // whose reach no UTF-8 window holds).
    const candidates = candidatesInBytes(files[0]!.bytes, builtinCompiled())!;
    expect(candidates.ascii).toBe(false);
    expect(candidates.rules.length).toBeGreaterThan(0);
    expect(mayHit(files[0]!.bytes, candidates.rules, { ascii: false })).toBe(false);
  });
});

const view = (finding: Finding): unknown => [finding.path, finding.line, finding.column, finding.endColumn, finding.secret];
