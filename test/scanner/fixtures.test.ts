import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanFragment } from '../../src/scanner/index.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { REPO_ROOT } from '../support/cli.js';
import { builtinCompiled } from '../support/rules.js';

// One fixture per case: `ng.*` must produce exactly the findings listed in expected.json,
// `ok.*` none. Token bodies are `{{charset:length}}` markers filled in here, at test time.
const dir = join(REPO_ROOT, 'fixtures', 'scan');
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<
  string,
  { provider: string; line: number; cell?: number; cellLine?: number }[]
>;
const files = readdirSync(dir).filter((name) => name.startsWith('ok.') || name.startsWith('ng.'));

function scanFixture(name: string) {
  const text = new FakeTokens(name.length * 7919).expand(readFileSync(join(dir, name), 'utf8'));
  const path = name.replace(/^(ok|ng)\./, '');
  return scanFragment({ path, text }, builtinCompiled());
}

describe('scan fixtures', () => {
  it('has an expectation for every ng fixture', () => {
    expect(files.filter((name) => name.startsWith('ng.')).sort()).toEqual(Object.keys(expected).sort());
  });

  for (const name of files.filter((file) => file.startsWith('ok.'))) {
    it(`${name}: no findings`, () => {
      expect(scanFixture(name).map((f) => `${f.ruleId}@${f.line}`)).toEqual([]);
    });
  }

  for (const name of files.filter((file) => file.startsWith('ng.'))) {
    it(`${name}: finds what a reviewer would`, () => {
      const found = scanFixture(name).map((f) => ({
        provider: f.provider,
        line: f.line,
        ...(f.cell !== undefined ? { cell: f.cell } : {}),
        ...(f.cellLine !== undefined ? { cellLine: f.cellLine } : {}),
      }));
      found.sort((a, b) => a.line - b.line || a.provider.localeCompare(b.provider));
      expect(found).toEqual(expected[name]);
    });
  }
});
