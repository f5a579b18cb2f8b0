import { describe, expect, it } from 'vitest';
import { compileRules, scanFragment, isPlaceholder, shannonEntropy } from '../../src/scanner/index.js';
import { activeRules, activeRulesInBytes } from '../../src/scanner/match.js';
import type { Rule } from '../../src/types/index.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { builtinCompiled } from '../support/rules.js';

const tokens = new FakeTokens(42);

function rule(overrides: Partial<Rule>): Rule {
  return {
    id: 'acme-key',
    provider: 'acme',
    description: 'Acme key',
    regex: '\\b(acme_[a-z0-9]{20})\\b',
    keywords: ['acme_'],
    envVar: 'ACME_KEY',
    docsUrl: 'https://acme.invalid/keys',
    examples: { match: [], noMatch: [] },
    ...overrides,
  };
}

describe('keyword prefilter', () => {
  it('runs only the rules whose keywords occur, case-insensitively', () => {
    const compiled = compileRules([rule({}), rule({ id: 'other-key', keywords: ['other'] })]);
    expect(activeRules('nothing to see', compiled)).toEqual([]);
    expect(activeRules('ACME_ stuff', compiled).map((r) => r.rule.id)).toEqual(['acme-key']);
  });

  it('counts a keyword inside a longer one, and overlapping keywords', () => {
    const compiled = compileRules([
      rule({ id: 'long-key', keywords: ['wandb_api_key'] }),
      rule({ id: 'short-key', keywords: ['wandb'] }),
      rule({ id: 'overlap-key', keywords: ['api_key='] }),
    ]);
    expect(activeRules('WANDB_API_KEY=1', compiled).map((r) => r.rule.id).sort()).toEqual(['long-key', 'overlap-key', 'short-key']);
    const bytes = new TextEncoder().encode('WANDB_API_KEY=1');
    expect(activeRulesInBytes(bytes, compiled)?.map((r) => r.rule.id).sort()).toEqual(['long-key', 'overlap-key', 'short-key']);
  });

  it('never runs a regex on text without its keyword', () => {
    const compiled = compileRules([rule({ regex: '([a-z0-9]{20})', keywords: ['acme'] })]);
    expect(scanFragment({ path: 'a.txt', text: 'k9x2m4p7q1w8e5r3t6y0' }, compiled)).toEqual([]);
    expect(scanFragment({ path: 'a.txt', text: 'acme k9x2m4p7q1w8e5r3t6y0' }, compiled)).toHaveLength(1);
  });
});

describe('filters', () => {
  it('rejects placeholders, repeated and sequential characters', () => {
    for (const body of ['xxxxxxxxxxxxxxxxxxxx', 'your_token_here', 'abcdefghijklmnop', '123456789', 'aaaaaaaaaaaaaa', '<HF_TOKEN>', '${HF_TOKEN}']) {
      expect(isPlaceholder(body), body).toBe(true);
    }
    expect(isPlaceholder(tokens.chars('alpha', 34))).toBe(false);
  });

  it('does not read machine-made long bodies as placeholders because of a chance word or run', () => {
    expect(isPlaceholder(`${tokens.chars('b64', 80)}AAAAAAAAtest${tokens.chars('b64', 80)}`)).toBe(false);
    expect(isPlaceholder(`${tokens.chars('b64', 80)}...${tokens.chars('b64', 80)}`)).toBe(true);
    expect(isPlaceholder(`EXAMPLE${tokens.chars('b64', 160)}`)).toBe(true);
  });

  it('applies the entropy floor to the body after the prefix', () => {
    const compiled = compileRules([rule({ entropy: 3.5, prefix: 'acme_' })]);
    expect(scanFragment({ path: 'a', text: 'acme_abababababababababab' }, compiled)).toEqual([]);
    expect(shannonEntropy('abab')).toBe(1);
    expect(scanFragment({ path: 'a', text: `acme_${tokens.chars('lowerdigit', 20)}` }, compiled)).toHaveLength(1);
  });

  it('applies structural checks from rule data', () => {
    const compiled = compileRules([rule({ checks: { minDigits: 3 } })]);
    expect(scanFragment({ path: 'a', text: 'acme_kxmpqwertzuiopasdfg' }, compiled)).toEqual([]);
  });

  it('honours allowValues and inline allow markers', () => {
    const secret = `acme_${tokens.chars('lowerdigit', 20)}`;
    const compiled = compileRules([rule({})]);
    expect(scanFragment({ path: 'a', text: secret }, compiled, { allowValues: new Set([secret]) })).toEqual([]);
    expect(scanFragment({ path: 'a', text: `${secret} # leakguard:allow` }, compiled)).toEqual([]);
    expect(scanFragment({ path: 'a', text: `${secret} // gitleaks:allow` }, compiled)).toEqual([]);
    expect(scanFragment({ path: 'a', text: `${secret}  # pragma: allowlist secret` }, compiled)).toEqual([]);
  });

  it('keeps the more specific rule when two rules match the same span', () => {
    const compiled = compileRules([
      rule({ id: 'generic-key', regex: '([a-z0-9_]{25})', keywords: ['acme'], priority: 30 }),
      rule({ priority: 10 }),
    ]);
    const findings = scanFragment({ path: 'a', text: `acme_${tokens.chars('lowerdigit', 20)}` }, compiled);
    expect(findings.map((f) => f.ruleId)).toEqual(['acme-key']);
  });

  it('limits rules with path globs to matching paths', () => {
    const compiled = compileRules([rule({ paths: ['**/*.json'] })], (globs) => (path) => globs.some(() => path.endsWith('.json')));
    const text = `acme_${tokens.chars('lowerdigit', 20)}`;
    expect(scanFragment({ path: 'x.py', text }, compiled)).toEqual([]);
    expect(scanFragment({ path: 'kaggle.json', text }, compiled)).toHaveLength(1);
  });
});

describe('positions', () => {
  it('reports 1-based line and columns of the secret itself', () => {
    const secret = tokens.huggingFace();
    const [finding] = scanFragment({ path: 'c.py', text: `x = 1\nHF_TOKEN = "${secret}"\n` }, builtinCompiled());
    expect(finding).toMatchObject({ path: 'c.py', line: 2, column: 13, endColumn: 13 + secret.length, envVar: 'HF_TOKEN', commit: null });
    expect(finding?.redacted).not.toContain(secret.slice(3, 12));
  });

  it('handles CRLF, a BOM-free start and very long lines', () => {
    const secret = tokens.huggingFace();
    const text = `a\r\nb\r\n${'x'.repeat(200_000)} ${secret}\r\n`;
    const [finding] = scanFragment({ path: 'long.txt', text }, builtinCompiled());
    expect(finding).toMatchObject({ line: 3, column: 200_002 });
  });

  it('reports only findings on added lines when the fragment says which lines count', () => {
    const one = tokens.huggingFace();
    const two = tokens.huggingFace();
    const text = `a = "${one}"\nb = "${two}"\n`;
    const findings = scanFragment({ path: 'x.py', text, addedLines: new Set([2]) }, builtinCompiled());
    expect(findings.map((f) => f.secret)).toEqual([two]);
  });

  it('fingerprints by rule, path and secret, not by line', () => {
    const secret = tokens.huggingFace();
    const a = scanFragment({ path: 'x.py', text: `t = "${secret}"` }, builtinCompiled());
    const b = scanFragment({ path: 'x.py', text: `\n\n\nt = "${secret}"` }, builtinCompiled());
    expect(a[0]?.fingerprint).toBe(b[0]?.fingerprint);
    expect(a[0]?.fingerprint).not.toContain(secret);
  });
});

describe('notebooks', () => {
  it('falls back to raw text for a malformed notebook', () => {
    const secret = tokens.huggingFace();
    const findings = scanFragment({ path: 'broken.ipynb', text: `{"cells": [ "login('${secret}')"` }, builtinCompiled());
    expect(findings).toHaveLength(1);
    expect(findings[0]?.cell).toBeUndefined();
  });

  it('finds a token whose JSON string is split by an escape sequence', () => {
    const secret = tokens.huggingFace();
    const escaped = `\\u0068${secret.slice(1, 10)}\\u00${secret.charCodeAt(10).toString(16)}${secret.slice(11)}`;
    const notebook = JSON.stringify({ cells: [{ cell_type: 'code', source: ['x = 1\n', 'PLACEHOLDER'] }], nbformat: 4 }, null, 1).replace('PLACEHOLDER', escaped);
    const [finding] = scanFragment({ path: 'n.ipynb', text: notebook }, builtinCompiled());
    expect(finding).toMatchObject({ secret, cell: 0, cellLine: 2 });
  });

  it('does not scan image outputs', () => {
    const image = `iVBOR${tokens.chars('b64', 3000)}`;
    const notebook = JSON.stringify({ cells: [{ cell_type: 'code', source: 'plot()', outputs: [{ output_type: 'display_data', data: { 'image/png': `hf_${image}` } }] }] });
    expect(scanFragment({ path: 'n.ipynb', text: notebook }, builtinCompiled())).toEqual([]);
  });
});

describe('robustness', () => {
  it('never throws on empty text, NUL bytes, invalid surrogates or replacement characters', () => {
    for (const text of ['', '\0\0\0', 'hf_\uD800\uDC00\uFFFD', '\uFEFFhf_', 'wandb login \0']) {
      expect(() => scanFragment({ path: 'x', text }, builtinCompiled())).not.toThrow();
    }
  });
});

describe('split literals', () => {
  const secret = tokens.huggingFace();
  const [head, tail] = [secret.slice(0, 14), secret.slice(14)];

  it.each([
    ['python +', `HF_TOKEN = "${head}" + "${tail}"\n`],
    ['python implicit, across lines', `HF_TOKEN = ("${head}"\n            "${tail}")\n`],
    ['javascript +', `const token = '${head}' +\n  '${tail}';\n`],
    ['shell adjacency', `huggingface-cli login --token "${head}""${tail}"\n`],
  ])('finds a token joined from adjacent literals (%s), redacting the whole value', (_name, text) => {
    const findings = scanFragment({ path: 'x', text }, builtinCompiled());
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ secret, split: true, line: 1, ruleId: 'huggingface-user-token' });
    expect(findings[0]?.redacted).not.toContain(tail.slice(0, 6));
  });

  it('does not join literals separated by commas or colons, nor report a token twice', () => {
    expect(scanFragment({ path: 'x', text: `parts = ["${head}", "${tail}"]\n` }, builtinCompiled())).toEqual([]);
    expect(scanFragment({ path: 'x', text: `{"${head}": "${tail}"}\n` }, builtinCompiled())).toEqual([]);
    const whole = scanFragment({ path: 'x', text: `T = "${secret}" + "suffix"\n` }, builtinCompiled());
    expect(whole.map((finding) => finding.split)).toEqual([undefined]);
  });
});
