import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { formatReport } from '../../src/reporters/index.js';
import { toUriReference } from '../../src/reporters/sarif.js';
import type { Rule, ScanResult } from '../../src/types/index.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { createEmptyResult, createFinding, createMixedResult } from './scan-result.js';

// ajv-formats is CommonJS: under NodeNext the default import is `module.exports`, whose `default`
// property is the plugin itself.
const addFormats = addFormatsModule.default;

const OPTIONS = { reveal: false, color: false, toolVersion: '1.2.3' };

const schema = JSON.parse(readFileSync(new URL('../schemas/sarif-2.1.0.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

// Loose view of the log, enough to reach into it in assertions.
interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri?: string; rules: Record<string, unknown>[] } };
    columnKind: string;
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }[];
      partialFingerprints: Record<string, string>;
      properties?: Record<string, unknown>;
    }[];
  }[];
}

function toSarif(result: ScanResult, options: Partial<typeof OPTIONS> & { reveal?: boolean; rules?: Rule[]; informationUri?: string } = {}): SarifLog {
  const output = formatReport('sarif', result, { ...OPTIONS, ...options });
  const log: unknown = JSON.parse(output);
  if (!validateSarif(log)) throw new Error(`invalid SARIF: ${ajv.errorsText(validateSarif.errors)}`);
  return log as SarifLog;
}

describe('sarif reporter', () => {
  it('validates against the SARIF 2.1.0 schema', () => {
    expect(() => toSarif(createMixedResult())).not.toThrow();
    expect(() => toSarif(createMixedResult(), { reveal: true, informationUri: 'https://example.org/leakguard' })).not.toThrow();
    expect(() => toSarif(createEmptyResult())).not.toThrow();
  });

  it('puts skip notes and config warnings in toolExecutionNotifications, schema-valid', () => {
    const result: ScanResult = {
      ...createEmptyResult(),
      notes: [
        { path: 'weights.bin', reason: 'binary' },
        { path: 'train.py', reason: 'removed-secret', line: 3, ruleId: 'huggingface-user-token', detail: 'history still holds it' },
        { path: '.leakguard.json', reason: 'config', detail: 'warning: ignorePaths drops 2 of 2 files' },
        { path: '', reason: 'summary', detail: 'scanned 3 commits' },
      ],
    };
    const run = toSarif(result).runs[0] as unknown as { invocations: { toolExecutionNotifications: Record<string, unknown>[] }[] };
    const notifications = run.invocations[0]!.toolExecutionNotifications;
    expect(notifications.map((item) => [item['level'], (item['descriptor'] as { id: string }).id])).toEqual([
      ['note', 'leakguard/binary'],
      ['note', 'leakguard/removed-secret'],
      ['warning', 'leakguard/config'],
      ['note', 'leakguard/summary'],
    ]);
    expect(notifications[1]).toMatchObject({ associatedRule: { id: 'huggingface-user-token' }, locations: [{ physicalLocation: { region: { startLine: 3 } } }] });
    expect(notifications[3]).not.toHaveProperty('locations');
  });

  it('the validator really rejects broken logs', () => {
    const log = JSON.parse(formatReport('sarif', createMixedResult(), OPTIONS)) as SarifLog;
    log.runs[0]!.results[0]!.level = 'fatal';
    expect(validateSarif(log)).toBe(false);
  });

  it('describes the tool and one rule per rule id that has findings', () => {
    const log = toSarif(createMixedResult());
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const { driver } = log.runs[0]!.tool;
    expect(driver).toMatchObject({ name: 'leakguard', version: '1.2.3' });
    expect(driver.rules.map((rule) => rule.id)).toEqual(['huggingface-user-token', 'wandb-api-key', 'runpod-api-key']);
    expect(driver.rules[0]).toMatchObject({
      id: 'huggingface-user-token',
      name: 'HuggingfaceUserToken',
      shortDescription: { text: 'Hugging Face user access token' },
      helpUri: 'https://huggingface.co/settings/tokens',
      properties: { tags: ['security', 'secret'] },
    });
  });

  it('prefers rule metadata from options.rules', () => {
    const rule = {
      id: 'huggingface-user-token',
      provider: 'huggingface',
      description: 'From the rule file',
      docsUrl: 'https://example.org/rotate',
      envVar: 'HF_TOKEN',
    } as Rule;
    const log = toSarif(createMixedResult(), { rules: [rule] });
    expect(log.runs[0]!.tool.driver.rules[0]).toMatchObject({ shortDescription: { text: 'From the rule file' }, helpUri: 'https://example.org/rotate' });
  });

  it('maps each finding to a result with location, fingerprint and properties', () => {
    const result = createMixedResult();
    const log = toSarif(result);
    const results = log.runs[0]!.results;
    expect(log.runs[0]!.columnKind).toBe('utf16CodeUnits');
    expect(results).toHaveLength(result.findings.length);
    results.forEach((sarifResult, index) => {
      const finding = result.findings[index]!;
      const rule = log.runs[0]!.tool.driver.rules[sarifResult.ruleIndex]!;
      expect(rule.id).toBe(finding.ruleId);
      expect(sarifResult).toMatchObject({
        ruleId: finding.ruleId,
        level: 'error',
        partialFingerprints: { 'leakguard/v1': finding.fingerprint },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: toUriReference(finding.path), uriBaseId: '%SRCROOT%' },
              region: { startLine: finding.line, startColumn: finding.column, endColumn: finding.endColumn },
            },
          },
        ],
      });
      expect(sarifResult.message.text).toContain(finding.provider);
      expect(sarifResult.message.text).toContain(finding.envVar);
      expect(sarifResult.message.text).toContain(finding.redacted);
    });
    expect(results[0]!.properties).toEqual({ context: 'code' });
    expect(results[1]!.properties).toEqual({ context: 'code', verification: { status: 'live', account: 'acme-research' } });
    expect(results[2]!.properties).toEqual({ context: 'code', cell: 2, cellLine: 3 });
    expect(results[4]!.properties).toEqual({ context: 'test', knownTest: true, note: 'huggingface_hub CI sandbox token' });
    expect(results[4]!.message.text).toContain('Known public test token: huggingface_hub CI sandbox token.');
    expect(results[3]!.properties).toMatchObject({ commit: '0123456789abcdef0123456789abcdef01234567', occurrences: 3 });
  });

  it('percent-encodes paths into URI references', () => {
    expect(toUriReference('notebooks/train model.ipynb')).toBe('notebooks/train%20model.ipynb');
    expect(toUriReference('c:odd/100%/#x/ünï.py')).toBe('c%3Aodd/100%25/%23x/%C3%BCn%C3%AF.py');
    const finding = createFinding({ secret: new FakeTokens(21).huggingFace(), path: 'dir with space/#1 ünï:x.py' });
    expect(() => toSarif({ findings: [finding], stats: createEmptyResult().stats })).not.toThrow();
  });

  it('matches the committed snapshot', async () => {
    await expect(formatReport('sarif', createMixedResult(), OPTIONS)).toMatchFileSnapshot('__file_snapshots__/mixed.sarif');
  });
});
