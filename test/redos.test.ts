import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRuleYaml } from '../src/rules/builtin.js';
import { checkLinearity, type Linearity } from '../src/rules/linearity.js';
import { alternatives, maxMatchLength, regexShape } from '../src/rules/regex-shape.js';
import { compileRules } from '../src/scanner/index.js';
import { keywordFallback } from '../src/scanner/compile.js';
import { globMatcher } from '../src/util/globs.js';
import { REPO_ROOT } from './support/cli.js';

const rules = readRuleYaml(join(REPO_ROOT, 'rules'));

/**
 * Rules whose matches may be longer than the default MATCH_LENGTH_LIMIT, with why the longer
 * bound is still linear in practice. Each is still proven anchored-linear by the checker.
 */
const LONGER_MATCHES: Record<string, { maxLength: number; why: string }> = {
  'wandb-api-key': {
    maxLength: 2400,
    why: 'block contexts (a `wandb:` YAML block or `[wandb]` table of up to 10 lines, `wandb login` with 8 options) start only at a `wandb` keyword, at most one per line, so at most ~11 attempts read any character',
  },
  'runpod-api-key-legacy-nearby': {
    maxLength: 2500,
    why: 'the nearby context (a key assignment up to 10 lines of at most 200 chars below the line) starts only at an `api.runpod.ai|io` host or a line-start `import|from runpod`, and one attempt is proven linear, so only attempts from the 11 lines above read any character',
  },
};

const PASSING = new Set(['linear', 'bounded']);
const CHECK_TIMEOUT_MS = 120_000;

function expectLinear(verdict: Linearity, what: string): void {
  expect(PASSING.has(verdict.status), `${what}: ${JSON.stringify(verdict)}`).toBe(true);
}

describe('regex-shape: the form the proof runs on', () => {
  it('relaxes counted repetitions above the exact limit and cuts out lookarounds', () => {
    expect(regexShape('a{1,20}b{0,200}c{2}d{0,4}(?![x-z]{1,9})e').relaxed).toBe('a+b*c{2}d{0,4}e');
    expect(regexShape('a(?=b{1,9})c').lookarounds).toEqual([{ source: 'b+', maxLength: 9 }]);
  });

  it('models a leading one-class lookbehind as a consuming start, so overlap stays visible', () => {
    expect(regexShape('(?<![\\w-])ghs_x').relaxed).toBe('(?:^|[^\\w-])ghs_x');
    expect(regexShape('(?<!\\w)x').relaxed).toBe('(?:^|\\W)x');
  });

  it('splits top-level and unquantified alternations, never quantified ones', () => {
    expect(alternatives('(?:a|b)c|d')).toEqual(['(?:a)c', '(?:b)c', 'd']);
    expect(alternatives('(?:a|b)+c')).toEqual(['(?:a|b)+c']);
  });

  it('measures the longest possible match', () => {
    expect(maxMatchLength('ab{2,5}(?:cd|e){0,3}(?=zzzz)\\b')).toBe(1 + 5 + 6);
    expect(maxMatchLength('a+')).toBe(Infinity);
  });
});

describe('linearity checker', () => {
  it('refuses the issue 9 wandb block context and the classic exponential shapes', { timeout: CHECK_TIMEOUT_MS }, async () => {
    const old = '\\bwandb[ \\t]{0,10}:[ \\t]{0,10}\\r?\\n(?:[ \\t]{1,20}[^\\r\\n]{0,200}\\r?\\n){0,10}[ \\t]{1,20}(?:api_?)?key\\b';
    expect((await checkLinearity(old, true)).status).toBe('vulnerable');
    expect((await checkLinearity('(a+)+$', false)).status).toBe('vulnerable');
    expect((await checkLinearity('key\\s*=\\s*\\s*x', false)).status).toBe('vulnerable');
  });

  it('accepts a plain prefixed token and a bounded lookahead', { timeout: CHECK_TIMEOUT_MS }, async () => {
    expectLinear(await checkLinearity('\\bmycorp_[A-Za-z0-9]{32}\\b', false), 'prefixed');
    expectLinear(await checkLinearity('\\bx_(?=[a-z]{0,9}q)[a-z]{10}', false), 'lookahead');
  });

  it('refuses a lookahead that could read the rest of the file', { timeout: CHECK_TIMEOUT_MS }, async () => {
    expect(await checkLinearity('x(?=[^\\n]*q)', false)).toMatchObject({ status: 'vulnerable' });
  });
});

// The proof itself: recheck's automaton checker (deterministic, no fuzzing) over every built-in
// rule regex, every decode regex and the keyword alternation the prefilter runs on every file.
describe('every built-in regex is proven linear', () => {
  for (const rule of rules) {
    it(rule.id, { timeout: CHECK_TIMEOUT_MS * 4 }, async () => {
      const longer = LONGER_MATCHES[rule.id];
      const verdict = await checkLinearity(rule.regex, rule.caseInsensitive === true, { timeout: CHECK_TIMEOUT_MS, ...(longer ? { maxLength: longer.maxLength } : {}) });
      expectLinear(verdict, rule.id);
      if (rule.decode) expectLinear(await checkLinearity(rule.decode.regex, false, { timeout: CHECK_TIMEOUT_MS }), `${rule.id} decode`);
    });
  }

  it('every allowance for longer matches is still needed and justified', () => {
    for (const [id, { maxLength, why }] of Object.entries(LONGER_MATCHES)) {
      const rule = rules.find((candidate) => candidate.id === id);
      expect(rule, id).toBeDefined();
      expect(maxMatchLength(rule!.regex)).toBeGreaterThan(500);
      expect(maxMatchLength(rule!.regex)).toBeLessThanOrEqual(maxLength);
      expect(why.length).toBeGreaterThan(40);
    }
  });

  it('the keyword alternation', { timeout: CHECK_TIMEOUT_MS }, async () => {
    const { pattern } = keywordFallback(compileRules(rules, globMatcher));
    expectLinear(await checkLinearity(pattern.source, true, { timeout: CHECK_TIMEOUT_MS }), 'keywords');
  });
});
