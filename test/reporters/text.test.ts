import { describe, expect, it } from 'vitest';
import { formatReport } from '../../src/reporters/index.js';
import type { ScanResult } from '../../src/types/index.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { createEmptyResult, createFinding, createMixedResult } from './scan-result.js';

const OPTIONS = { reveal: false, color: false, toolVersion: '0.1.0' };
const ESCAPE = '\u001b';

describe('text reporter', () => {
  it('groups findings under their file, in order of first appearance', () => {
    const tokens = new FakeTokens(11);
    const result: ScanResult = {
      findings: [
        createFinding({ secret: tokens.huggingFace(), path: 'b.py', line: 1 }),
        createFinding({ secret: tokens.huggingFace(), path: 'a.py', line: 5 }),
        createFinding({ secret: tokens.huggingFace(), path: 'b.py', line: 9 }),
      ],
      stats: { files: 2, bytes: 300, durationMs: 5 },
    };
    const lines = formatReport('text', result, OPTIONS).split('\n');
    expect(lines.filter((line) => /^\S/.test(line)).slice(0, 2)).toEqual(['b.py', 'a.py']);
    expect(lines.indexOf('b.py')).toBe(0);
    expect(lines[1]).toMatch(/^ {2}1:21 /);
    expect(lines[2]).toMatch(/^ {2}9:21 /);
    expect(lines[3]).toBe('');
    expect(lines[4]).toBe('a.py');
    expect(lines).toContain('3 credentials in 2 files (scanned 2 files, 300 bytes in 5 ms)');
  });

  it('prints location, provider, rule, redacted value and the env var to use', () => {
    const result = createMixedResult();
    const output = formatReport('text', result, OPTIONS);
    const [first] = result.findings;
    expect(output).toContain(`  12:21  huggingface  huggingface-user-token  ${first!.redacted}  → use $HF_TOKEN`);
    expect(output).toContain('cell 2 line 3');
    expect(output).toContain('commit 0123456 (in 3 commits)');
    expect(output).toContain('live key of acme-research');
    expect(output).toContain('not verified (rate limited)');
    expect(output).toContain('leakguard migrate');
  });

  it('aligns the columns of a file group', () => {
    const rows = formatReport('text', createMixedResult(), OPTIONS)
      .split('\n')
      .filter((line) => line.startsWith('  '))
      .slice(0, 2);
    const envColumn = rows.map((row) => row.indexOf('→ use $'));
    expect(envColumn[0]).toBeGreaterThan(0);
    expect(envColumn[0]).toBe(envColumn[1]);
  });

  it('colours only when asked', () => {
    expect(formatReport('text', createMixedResult(), OPTIONS)).not.toContain(ESCAPE);
    const coloured = formatReport('text', createMixedResult(), { ...OPTIONS, color: true });
    expect(coloured).toContain(`${ESCAPE}[`);
    // Colour wraps the same text: stripping it gives the plain report back.
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(formatReport('text', createMixedResult(), OPTIONS));
  });

  it('says so in one line when nothing was found', () => {
    expect(formatReport('text', createEmptyResult(), OPTIONS)).toBe('No credentials found (scanned 9 files, 1024 bytes in 4 ms)\n');
    expect(formatReport('text', createEmptyResult(), { ...OPTIONS, color: true })).toContain(ESCAPE);
  });

  it('uses singular nouns for one of a thing', () => {
    const finding = createFinding({ secret: new FakeTokens(12).huggingFace() });
    const output = formatReport('text', { findings: [finding], stats: { files: 1, bytes: 1, durationMs: 0 } }, OPTIONS);
    expect(output).toContain('1 credential in 1 file (scanned 1 file, 1 byte in 0 ms)');
  });

  it('prints stale baseline entries and notes after the findings', () => {
    const result: ScanResult = {
      ...createMixedResult(),
      staleBaseline: [{ ruleId: 'wandb-api-key', path: 'old/train.py', hash: 'cd'.repeat(32) }],
      notes: [{ path: 'vendor/lib', reason: 'submodule' }],
    };
    const output = formatReport('text', result, OPTIONS);
    const summary = output.indexOf('credentials in');
    const stale = output.indexOf('1 baseline entry matched nothing');
    const note = output.indexOf('note: skipped vendor/lib: a submodule');
    expect(summary).toBeGreaterThan(0);
    expect(stale).toBeGreaterThan(summary);
    expect(note).toBeGreaterThan(stale);
    expect(output).toContain('  old/train.py  wandb-api-key');
    expect(output).not.toContain('cd'.repeat(32));
  });

  it('prints notes after the clean-scan line too', () => {
    const output = formatReport('text', { ...createEmptyResult(), notes: [{ path: 'big.csv', reason: 'too-large', detail: '3000000 bytes, maxFileSize is 2097152' }] }, OPTIONS);
    expect(output.split('\n')).toEqual([
      'No credentials found (scanned 9 files, 1024 bytes in 4 ms)',
      'note: skipped big.csv: too large, not scanned (3000000 bytes, maxFileSize is 2097152)',
      '',
    ]);
  });

  it('neutralises terminal control characters in repository-controlled text', () => {
    const finding = createFinding({ secret: new FakeTokens(13).huggingFace(), path: `evil${ESCAPE}[2Jname.py` });
    const output = formatReport('text', { findings: [finding], stats: createEmptyResult().stats }, OPTIONS);
    expect(output).not.toContain(ESCAPE);
    expect(output).toContain('evil\\x1b[2Jname.py');
  });

  it('matches the committed snapshot', async () => {
    await expect(formatReport('text', createMixedResult(), OPTIONS)).toMatchFileSnapshot('__file_snapshots__/mixed.txt');
  });
});
