import { describe, expect, it } from 'vitest';
import { formatReport } from '../../src/reporters/index.js';
import type { ScanResult } from '../../src/types/index.js';
import { createEmptyResult, createFinding, createMixedResult } from './scan-result.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';

const OPTIONS = { reveal: false, color: false, toolVersion: '0.1.0' };

const FINDING_KEYS = ['ruleId', 'provider', 'path', 'line', 'column', 'endColumn', 'commit', 'redacted', 'fingerprint', 'envVar', 'context'];

function parse(output: string): { findings: Record<string, unknown>[] } & Record<string, unknown> {
  return JSON.parse(output) as { findings: Record<string, unknown>[] } & Record<string, unknown>;
}

describe('json reporter', () => {
  it('prints the contract, 2-space indented with a final newline', () => {
    const result = createMixedResult();
    const output = formatReport('json', result, OPTIONS);
    expect(output.endsWith('}\n')).toBe(true);
    expect(output).toBe(`${JSON.stringify(JSON.parse(output), null, 2)}\n`);
    const report = parse(output);
    expect(Object.keys(report)).toEqual(['version', 'findings', 'stats', 'notes']);
    expect(report.version).toBe(1);
    expect(report.stats).toEqual({ files: 17, bytes: 48213, durationMs: 31 });
    expect(Object.keys(report.stats as object)).toEqual(['files', 'bytes', 'durationMs']);
  });

  it('keeps the contract field order and adds optional fields only when set', () => {
    const report = parse(formatReport('json', createMixedResult(), OPTIONS));
    const [plain, verified, notebook, history, knownTest] = report.findings;
    expect(Object.keys(plain!)).toEqual(FINDING_KEYS);
    expect(Object.keys(verified!)).toEqual([...FINDING_KEYS, 'verification']);
    expect(Object.keys(notebook!)).toEqual([...FINDING_KEYS, 'cell', 'cellLine']);
    expect(Object.keys(history!)).toEqual([...FINDING_KEYS, 'occurrences', 'verification']);
    expect(Object.keys(verified!.verification as object)).toEqual(['status', 'account']);
    expect(Object.keys(knownTest!)).toEqual([...FINDING_KEYS, 'knownTest', 'note']);
    expect(report.findings.map((finding) => finding['context'])).toEqual(['code', 'code', 'code', 'code', 'test']);
  });

  it('maps every field from the finding and nothing else', () => {
    const tokens = new FakeTokens(7);
    const finding = createFinding({
      secret: tokens.huggingFace(),
      commit: 'abcdef0123456789abcdef0123456789abcdef01',
      cell: 0,
      cellLine: 1,
      occurrences: 2,
      verification: { status: 'invalid', detail: 'revoked' },
    });
    const result: ScanResult = { findings: [finding], stats: { files: 1, bytes: 2, durationMs: 3 } };
    const withSecret = parse(formatReport('json', result, { ...OPTIONS, reveal: true }));
    expect(withSecret.findings[0]).toStrictEqual({
      ruleId: finding.ruleId,
      provider: finding.provider,
      path: finding.path,
      line: finding.line,
      column: finding.column,
      endColumn: finding.endColumn,
      commit: finding.commit,
      redacted: finding.redacted,
      fingerprint: finding.fingerprint,
      envVar: finding.envVar,
      context: 'code',
      cell: 0,
      cellLine: 1,
      occurrences: 2,
      verification: { status: 'invalid', detail: 'revoked' },
      secret: finding.secret,
    });
    expect(Object.keys(withSecret.findings[0]!).at(-1)).toBe('secret');
    expect(parse(formatReport('json', result, OPTIONS)).findings[0]).not.toHaveProperty('secret');
  });

  it('prints null for a missing commit, never undefined', () => {
    const finding = createFinding({ secret: new FakeTokens(8).huggingFace() });
    const report = parse(formatReport('json', { findings: [finding], stats: createEmptyResult().stats }, OPTIONS));
    expect(report.findings[0]!.commit).toBeNull();
  });

  it('reports stale baseline entries after the stats', () => {
    const result: ScanResult = {
      ...createEmptyResult(),
      staleBaseline: [{ ruleId: 'wandb-api-key', path: 'train.py', hash: 'ab'.repeat(32) }],
      notes: [{ path: 'vendor/lib', reason: 'submodule' }],
    };
    const report = parse(formatReport('json', result, OPTIONS));
    expect(Object.keys(report)).toEqual(['version', 'findings', 'stats', 'staleBaseline', 'notes']);
    expect(report.notes).toEqual([{ path: 'vendor/lib', reason: 'submodule' }]);
    expect(report.staleBaseline).toEqual([{ ruleId: 'wandb-api-key', path: 'train.py', hash: 'ab'.repeat(32) }]);
  });

  it('prints an empty findings array for a clean scan', () => {
    expect(parse(formatReport('json', createEmptyResult(), OPTIONS))).toEqual({
      version: 1,
      findings: [],
      stats: { files: 9, bytes: 1024, durationMs: 4 },
      notes: [],
    });
  });

  it('matches the committed snapshot', async () => {
    await expect(formatReport('json', createMixedResult(), OPTIONS)).toMatchFileSnapshot('__file_snapshots__/mixed.json');
  });
});
