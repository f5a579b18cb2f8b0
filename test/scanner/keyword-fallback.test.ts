// A rule set the byte table cannot hold (a keyword outside ASCII, or one character long) finds
// its rules with the keyword alternation instead (compile.ts, keywordFallback). That path is
// built lazily and never runs for the built-in rules, so it is checked here against a plain
// containment search: nested keywords, overlapping hits, case, and keywords that never occur.
import { describe, expect, it } from 'vitest';
import { compileRules, keywordFallback } from '../../src/scanner/compile.js';
import { activeRules } from '../../src/scanner/match.js';
import type { Rule } from '../../src/types/index.js';
import { seededRandom } from '../../src/util/fake-tokens.js';

function rule(id: string, keywords: string[]): Rule {
  return {
    id,
    provider: 'corp',
    description: `${id} test rule`,
    regex: '\\bcorp_[a-z0-9]{8}\\b',
    keywords,
    envVar: 'CORP_TOKEN',
    docsUrl: 'https://corp.example.com/tokens',
    examples: { match: [], noMatch: [] },
  } as Rule;
}

const RULES: Rule[] = [
  rule('umlaut', ['schlüssel']),
  rule('nested-outer', ['wandb_api_key']),
  rule('nested-inner', ['wandb']),
  rule('overlap-a', ['abc']),
  rule('overlap-b', ['bcd']),
  rule('single', ['q']),
  rule('never', ['zzzzzz']),
];

/** The rules a plain search would keep: a keyword anywhere in the text, ignoring case. */
function expected(text: string): string[] {
  const lower = text.toLowerCase();
  return RULES.filter((candidate) => candidate.keywords.some((keyword) => lower.includes(keyword.toLowerCase()))).map((candidate) => candidate.id);
}

describe('keyword alternation (rule sets the byte table cannot hold)', () => {
  const compiled = compileRules(RULES);

  it('keeps every rule whose keyword occurs, nested or overlapping, in any case', () => {
    const texts = ['WANDB_API_KEY = env()', 'abcd', 'Schlüssel: x', 'nothing here', 'a Q', ''];
    for (const text of texts) expect(activeRules(text, compiled).map((entry) => entry.rule.id), text).toEqual(expected(text));
  });

  it('agrees with a plain search on seeded random texts', () => {
    const random = seededRandom(4242);
    const pieces = ['wandb', '_api_key', 'WANDB_API_KEY', 'ab', 'bcd', 'c', 'schlüssel', 'SCHLÜSSEL', 'q', ' ', '\n', 'x', 'zzzzz'];
    for (let round = 0; round < 2000; round++) {
      let text = '';
      for (let i = Math.floor(random() * 10); i > 0; i--) text += pieces[Math.floor(random() * pieces.length)];
      expect(activeRules(text, compiled).map((entry) => entry.rule.id), text).toEqual(expected(text));
    }
  });

  it('is built once per compiled rule set, on first use', () => {
    const fresh = compileRules(RULES);
    const first = keywordFallback(fresh);
    expect(keywordFallback(fresh)).toBe(first);
    const wandb = fresh.keywordIdOf.get('wandb')!;
    expect(first.closure[fresh.keywordIdOf.get('wandb_api_key')!]).toContain(wandb);
    expect(first.closure[wandb]).toEqual([wandb]);
  });
});
