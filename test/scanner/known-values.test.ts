import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readRuleYaml } from '../../src/rules/builtin.js';
import { compileRules, scanFragment } from '../../src/scanner/index.js';
import type { Rule } from '../../src/types/index.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { globMatcher } from '../../src/util/globs.js';
import { REPO_ROOT } from '../support/cli.js';
import { join } from 'node:path';

const tokens = new FakeTokens(4242);
const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

function hfRule(knownValues: Rule['knownValues']): Rule {
  return {
    id: 'huggingface-user-token',
    provider: 'huggingface',
    description: 'Hugging Face user access token (hf_)',
    regex: '\\bhf_[A-Za-z0-9]{34}\\b',
    keywords: ['hf_'],
    prefix: 'hf_',
    entropy: 3.5,
    envVar: 'HF_TOKEN',
    docsUrl: 'https://huggingface.co/settings/tokens',
    ...(knownValues ? { knownValues } : {}),
    examples: { match: [], noMatch: [] },
  };
}

describe('rule knownValues', () => {
  const sample = tokens.huggingFace();
  const other = tokens.huggingFace();
  const text = `A = "${sample}"\nB = "${other}"\n`;

  it('drops a published placeholder value and keeps every other value', () => {
    const rules = compileRules([hfRule([{ sha256: sha256(sample), kind: 'placeholder', note: 'SDK sample' }])], globMatcher);
    expect(scanFragment({ path: 'app.py', text }, rules).map((f) => f.secret)).toEqual([other]);
  });

  it('keeps a public test token, marked with its note; other values stay unmarked', () => {
    const rules = compileRules([hfRule([{ sha256: sha256(sample), kind: 'test', note: 'CI sandbox token' }])], globMatcher);
    const findings = scanFragment({ path: 'tests/constants.py', text }, rules);
    expect(findings.map((f) => [f.secret === sample, f.knownTest, f.note])).toEqual([
      [true, true, 'CI sandbox token'],
      [false, undefined, undefined],
    ]);
  });

  it('built-in entries are sha256 digests, so the rule files hold no token-shaped literal', () => {
    const builtin = readRuleYaml(join(REPO_ROOT, 'rules'));
    const entries = builtin.flatMap((rule) => (rule.knownValues ?? []).map((known) => ({ id: rule.id, ...known })));
    expect(entries.filter((e) => e.kind === 'placeholder' && e.id === 'google-api-key')).toHaveLength(16);
    expect(entries.filter((e) => e.kind === 'test' && e.id === 'huggingface-user-token').length).toBeGreaterThanOrEqual(3);
    for (const entry of entries) expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
