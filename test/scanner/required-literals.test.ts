import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/rules/builtin.js';
import { hasRequiredLiterals, literalsWorthChecking, requiredLiterals } from '../../src/scanner/required-literals.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';

describe('requiredLiterals', () => {
  it('names the literal runs of a plain sequence', () => {
    expect(requiredLiterals('abc[0-9]{4}def', false)).toEqual([['abc'], ['def']]);
  });

  it('drops optional atoms and splits runs around them', () => {
    expect(requiredLiterals('ab?cd*ef', false)).toEqual([['a'], ['c'], ['ef']]);
    expect(requiredLiterals('x(?:yz)?w', false)).toEqual([['x'], ['w']]);
  });

  it('keeps a literal repeated at least once in both neighbouring runs', () => {
    expect(requiredLiterals('xa+y', false)).toEqual([['xa'], ['ay']]);
    expect(requiredLiterals('p-{1,2}q', false)).toEqual([['p-'], ['-q']]);
  });

  it('turns an alternation into one any-of clause, or nothing when a branch requires nothing', () => {
    expect(requiredLiterals('(?:machine|default)[ ]password', false)).toEqual([['machine', 'default'], ['password']]);
    expect(requiredLiterals('(?:machine|[a-z]+)x', false)).toEqual([['x']]);
    expect(requiredLiterals('abc|def', false)).toEqual([['abc', 'def']]);
  });

  it('ignores letters under the i flag but keeps punctuation', () => {
    expect(requiredLiterals('[a-z]{1,20}://[^@]{0,9}:([^@]{3,9})@host', true)).toEqual([['://'], ['@']]);
  });

  it('reads escapes: control characters and punctuation are literal, classes are not', () => {
    expect(requiredLiterals('a\\.b\\d\\nc', false)).toEqual([['a.b'], ['\nc']]);
  });

  it('requires nothing from lookarounds, groups inside them, or exotic escapes', () => {
    expect(requiredLiterals('(?<![a-z])(?=foo)bar', false)).toEqual([['bar']]);
    expect(requiredLiterals('\\x41bc', false)).toEqual([]);
    expect(requiredLiterals('\\u0041bc', false)).toEqual([]);
    expect(requiredLiterals('(?i:ab)c', false)).toEqual([['c']]);
    expect(requiredLiterals('(?<name>ab)c', false)).toEqual([['ab'], ['c']]);
  });

  it('drops clauses another clause implies', () => {
    expect(requiredLiterals('(?:://)x[a-z]:', false)).toEqual([['://'], ['x']]);
    expect(requiredLiterals('(?:ab|cd)ab', false)).toEqual([['ab']]);
  });
});

describe('hasRequiredLiterals', () => {
  it('needs one literal of every clause', () => {
    const required = [['://'], ['@', '#']];
    expect(hasRequiredLiterals('https://u:p@h', required)).toBe(true);
    expect(hasRequiredLiterals('https://u:p#h', required)).toBe(true);
    expect(hasRequiredLiterals('https://u:p/h', required)).toBe(false);
    expect(hasRequiredLiterals('anything', [])).toBe(true);
  });
});

describe('built-in rules', () => {
  const rules = loadBuiltinRules();

  it('every match example of every rule holds the literals its regex is said to require', () => {
    let checked = 0;
    for (const rule of rules) {
      const required = requiredLiterals(rule.regex, rule.caseInsensitive === true);
      const tokens = new FakeTokens(7);
      for (const template of rule.examples.match) {
        const text = tokens.expand(template);
        const regex = new RegExp(rule.regex, rule.caseInsensitive ? 'gi' : 'g');
        for (const hit of text.matchAll(regex)) {
          expect(hasRequiredLiterals(hit[0], required), `${rule.id}: ${JSON.stringify(required)} in ${hit[0]}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(rules.length * 3);
  });

  it('basic-auth-url needs `://` and `@`; only `@` is worth a check, the keyword prefilter saw `://`', () => {
    const rule = rules.find((candidate) => candidate.id === 'basic-auth-url');
    expect(rule).toBeDefined();
    expect(requiredLiterals(rule!.regex, rule!.caseInsensitive === true)).toEqual([['://'], ['@']]);
    expect(literalsWorthChecking(rule!)).toEqual([['@']]);
  });

  it('no check where V8 scans ahead itself (a literal start) or where the literal is longer than one character', () => {
    expect(literalsWorthChecking({ regex: '\\bhf_[A-Za-z0-9]{34}\\b', keywords: ['hf_'] })).toEqual([]);
    expect(literalsWorthChecking({ regex: '(?<!x)(?:machine|default)[ ]password', keywords: ['password'] })).toEqual([]);
    expect(literalsWorthChecking({ regex: '[a-z]{1,9}@[a-z]{1,9}', keywords: ['mail'] })).toEqual([['@']]);
    expect(literalsWorthChecking({ regex: '[a-z]{1,9}@[a-z]{1,9}', keywords: ['@'] })).toEqual([]);
  });
});
