import type { Finding, Rule, ScanNote, ScanResult } from '../types/index.js';
import { noteLevel, noteMessage } from './notes.js';
import { formatFindingMessage } from './finding-text.js';
import type { ReportOptions } from './report-options.js';
import { contextOf } from '../findings/context.js';

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. Only the subset we fill is typed
 * here; test/reporters validates the output against the full published schema.
 */
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Key for `partialFingerprints`; bump the suffix if the fingerprint recipe ever changes. */
export const FINGERPRINT_KEY = 'leakguard/v1';

const RULE_TAGS = ['security', 'secret'];

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  helpUri: string;
  help: { text: string };
  defaultConfiguration: { level: 'error' };
  properties: { tags: string[] };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: 'error';
  message: { text: string };
  locations: [
    {
      physicalLocation: {
        artifactLocation: { uri: string; uriBaseId: '%SRCROOT%' };
        region: { startLine: number; startColumn: number; endColumn: number };
      };
    },
  ];
  partialFingerprints: Record<string, string>;
  properties: Record<string, unknown>;
}

export function formatSarif(result: ScanResult, options: ReportOptions): string {
  const rules = collectRules(result.findings, options.rules ?? []);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'leakguard',
            ...(options.informationUri ? { informationUri: options.informationUri } : {}),
            version: options.toolVersion,
            rules,
          },
        },
        // Finding columns are JavaScript string offsets, i.e. UTF-16 code units; viewers default
        // to code points, which would shift annotations on lines holding astral characters.
        columnKind: 'utf16CodeUnits',
        // Files the scan passed over are tool notifications: a viewer shows them beside the
        // results, so an empty result list never reads as "everything was checked".
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: (result.notes ?? []).map(toNotification) }],
        results: result.findings.map((finding) =>
          toSarifResult(finding, ruleIndex.get(finding.ruleId) ?? 0, options.reveal),
        ),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** One descriptor per rule id that has a finding, in first-seen order so `ruleIndex` is stable. */
function collectRules(findings: readonly Finding[], knownRules: readonly Rule[]): SarifRule[] {
  const knownById = new Map(knownRules.map((rule) => [rule.id, rule]));
  const descriptors = new Map<string, SarifRule>();
  for (const finding of findings) {
    if (descriptors.has(finding.ruleId)) continue;
    const rule = knownById.get(finding.ruleId);
    const description = rule?.description ?? finding.description;
    const docsUrl = rule?.docsUrl ?? finding.docsUrl;
    const envVar = rule?.envVar ?? finding.envVar;
    descriptors.set(finding.ruleId, {
      id: finding.ruleId,
      name: toPascalCase(finding.ruleId),
      shortDescription: { text: description },
      helpUri: docsUrl,
      help: {
        text: `Rotate the credential at ${docsUrl}, then load it from the ${envVar} environment variable (\`leakguard migrate\` rewrites the code).`,
      },
      defaultConfiguration: { level: 'error' },
      properties: { tags: [...RULE_TAGS] },
    });
  }
  return [...descriptors.values()];
}

function toSarifResult(finding: Finding, ruleIndex: number, reveal: boolean): SarifResult {
  const result: SarifResult = {
    ruleId: finding.ruleId,
    ruleIndex,
    level: 'error',
    message: { text: formatFindingMessage(finding, reveal) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUriReference(finding.path), uriBaseId: '%SRCROOT%' },
          region: { startLine: finding.line, startColumn: finding.column, endColumn: finding.endColumn },
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    properties: toResultProperties(finding),
  };
  return result;
}

function toResultProperties(finding: Finding): Record<string, unknown> {
  const properties: Record<string, unknown> = { context: finding.context ?? contextOf(finding.path) };
  if (finding.commit) properties.commit = finding.commit;
  if (finding.cell !== undefined) properties.cell = finding.cell;
  if (finding.cellLine !== undefined) properties.cellLine = finding.cellLine;
  if (finding.occurrences !== undefined) properties.occurrences = finding.occurrences;
  if (finding.knownTest) properties.knownTest = true;
  if (finding.note !== undefined) properties.note = finding.note;
  if (finding.verification) properties.verification = { ...finding.verification };
  return properties;
}

interface SarifNotification {
  level: 'warning' | 'note';
  message: { text: string };
  descriptor: { id: string };
  locations?: [{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: '%SRCROOT%' }; region?: { startLine: number } } }];
  associatedRule?: { id: string };
  properties?: { detail: string };
}

function toNotification(note: ScanNote): SarifNotification {
  const notification: SarifNotification = {
    level: noteLevel(note),
    message: { text: noteMessage(note) },
    descriptor: { id: `leakguard/${note.reason}` },
  };
  if (note.path !== '') {
    const artifactLocation = { uri: toUriReference(note.path), uriBaseId: '%SRCROOT%' } as const;
    notification.locations = [{ physicalLocation: note.line !== undefined ? { artifactLocation, region: { startLine: note.line } } : { artifactLocation } }];
  }
  if (note.ruleId) notification.associatedRule = { id: note.ruleId };
  if (note.detail !== undefined) notification.properties = { detail: note.detail };
  return notification;
}

/**
 * `artifactLocation.uri` must be a URI reference: repo paths may hold spaces, `#`, `%` or
 * non-ASCII names, and a `:` in the first segment would read as a scheme.
 */
export function toUriReference(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** SARIF's `name` is meant to be an identifier-like label (`HuggingfaceUserToken`), not the id. */
function toPascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}
