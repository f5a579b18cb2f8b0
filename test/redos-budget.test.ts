import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { linearityCacheFile } from '../src/config/rule-check.js';
import { compileRules, scanFragment } from '../src/scanner/index.js';
import { loadScanContext } from '../src/sources/scan-context.js';
import type { Rule, ScanNote } from '../src/types/index.js';
import { ConfigError } from '../src/util/errors.js';
import { FakeTokens } from '../src/util/fake-tokens.js';
import { runCli, tempTree } from './support/cli.js';

const tokens = new FakeTokens(9010);

function rule(id: string, regex: string, keyword: string): Rule {
  return {
    id,
    provider: 'corp',
    description: `${id} test rule`,
    regex,
    keywords: [keyword],
    envVar: 'CORP_TOKEN',
    docsUrl: 'https://corp.example.com/tokens',
    examples: { match: [], noMatch: [] },
  } as Rule;
}

const corpToken = rule('corp-token', '\\bcorp_[A-Za-z0-9]{32}\\b', 'corp_');
// The textbook catastrophic regex: on `aaaa…b` it runs for longer than anyone waits.
const catastrophic = rule('corp-hang', '(?:a+)+$', 'aaaa');

describe('time budget per file', () => {
  it('interrupts a guarded rule mid-match and ends the file with a note naming file and rule', () => {
    const compiled = compileRules([corpToken, catastrophic], undefined, { guarded: new Set(['corp-hang']) });
    const token = `corp_${tokens.chars('alnum', 32)}`;
    const text = `token = "${token}"\n${'a'.repeat(40)}b\n`;
    const notes: ScanNote[] = [];
    const findings = scanFragment({ path: 'src/app.py', text }, compiled, { budgetMs: 200, notes });
    expect(notes).toEqual([{ path: 'src/app.py', reason: 'budget-exceeded', ruleId: 'corp-hang', detail: 'scan stopped after 200 ms; the rest of this file was not scanned' }]);
    // What ran before the budget ran out still counts.
    expect(findings.map((finding) => finding.secret)).toEqual([token]);
  });

  it('names the commit in history scans', () => {
    const compiled = compileRules([catastrophic], undefined, { guarded: new Set(['corp-hang']) });
    const notes: ScanNote[] = [];
    scanFragment({ path: 'a.txt', text: `${'a'.repeat(40)}b`, commit: 'abcdef1234567890' }, compiled, { budgetMs: 50, notes });
    expect(notes).toEqual([{ path: 'a.txt', reason: 'budget-exceeded', ruleId: 'corp-hang', detail: 'scan stopped after 50 ms in abcdef1; the rest of this file was not scanned' }]);
  });

  it('stops between proven rules once the budget is spent, and skips the rules after', () => {
    const second = rule('corp-second', '\\bcorp_[A-Za-z0-9]{32}\\b', 'corp_');
    const compiled = compileRules([corpToken, second]);
    const notes: ScanNote[] = [];
    const text = `corp_${tokens.chars('alnum', 32)}\n`.repeat(2000);
    scanFragment({ path: 'big.txt', text }, compiled, { budgetMs: 0, notes });
    expect(notes).toEqual([{ path: 'big.txt', reason: 'budget-exceeded', ruleId: 'corp-token', detail: 'scan stopped after 0 ms; the rest of this file was not scanned' }]);
  });

  it('adds no note within the budget', () => {
    const notes: ScanNote[] = [];
    const text = `corp_${tokens.chars('alnum', 32)}\n`;
    expect(scanFragment({ path: 'x.txt', text }, compileRules([corpToken]), { notes })).toHaveLength(1);
    expect(notes).toEqual([]);
  });
});

function configTree(rules: Rule[]): string {
  return tempTree({ '.leakguard.json': JSON.stringify({ rules: rules.map(({ examples: _examples, ...rest }) => rest) }) });
}

describe('user rules are checked for linear time when the config loads', () => {
  // Each test gets its own cache so verdicts never leak between them.
  const withCache = (): string => {
    const dir = tempTree({});
    process.env['LEAKGUARD_CACHE_DIR'] = dir;
    return dir;
  };

  it('refuses a super-linear rule with a one-line message naming it', { timeout: 120_000 }, async () => {
    withCache();
    const root = configTree([corpToken, catastrophic]);
    await expect(loadConfig(root)).rejects.toThrow(ConfigError);
    await expect(loadConfig(root)).rejects.toThrow(/rule "corp-hang": regex may take super-linear time/);
  });

  it('accepts a linear rule and caches the verdict by regex, so the next commit does not pay', { timeout: 120_000 }, async () => {
    withCache();
    const root = configTree([corpToken]);
    const config = await loadConfig(root);
    expect(config.unprovenRules).toBeUndefined();
    const cache = JSON.parse(readFileSync(linearityCacheFile(), 'utf8')) as Record<string, { status: string }>;
    expect(Object.values(cache).map((verdict) => verdict.status)).toEqual(['bounded']);
    // The cache is what the next load reads: a forged verdict is believed (and keyed by source).
    const [key] = Object.keys(cache);
    writeFileSync(linearityCacheFile(), JSON.stringify({ [key!]: { status: 'vulnerable', detail: 'cached' } }));
    await expect(loadConfig(root)).rejects.toThrow(/rule "corp-token".*\(cached\)/);
  });

  it('runs a rule the checker could not decide under the guard', { timeout: 120_000 }, async () => {
    withCache();
    const root = configTree([corpToken]);
    await loadConfig(root);
    const cache = JSON.parse(readFileSync(linearityCacheFile(), 'utf8')) as Record<string, unknown>;
    for (const key of Object.keys(cache)) cache[key] = { status: 'unknown', detail: 'checker timed out' };
    writeFileSync(linearityCacheFile(), JSON.stringify(cache));
    const context = await loadScanContext(root);
    expect(context.config.unprovenRules).toEqual(['corp-token']);
    expect(context.compiled.rules.find((compiled) => compiled.rule.id === 'corp-token')?.guarded).toBe(true);
    expect(context.compiled.rules.filter((compiled) => compiled.guarded).map((compiled) => compiled.rule.id)).toEqual(['corp-token']);
  });

  it('the CLI exits 2 with one line, no stack trace', { timeout: 120_000 }, () => {
    const cache = withCache();
    const root = configTree([catastrophic]);
    const run = runCli(['scan', '.'], root, { LEAKGUARD_CACHE_DIR: cache });
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('rule "corp-hang"');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('no user rules: recheck is never loaded', () => {
  it('a config without rules checks nothing', async () => {
    const cache = join(tempTree({}), 'cache');
    process.env['LEAKGUARD_CACHE_DIR'] = cache;
    const root = tempTree({ '.leakguard.json': JSON.stringify({ allowValues: ['x'] }) });
    await loadConfig(root);
    expect(() => readFileSync(join(cache, 'linearity.json'))).toThrow();
  });
});
