import type { BaselineEntry, Finding, FindingContext, ScanNote, ScanResult, ScanStats, Verification } from '../types/index.js';
import type { ReportOptions } from './report-options.js';
import { contextOf } from '../findings/context.js';

/** The `--format json` document. Field order is part of the contract (DESIGN.md, "Output contract"). */
export interface JsonReport {
  version: 1;
  findings: JsonFinding[];
  stats: ScanStats;
  staleBaseline?: BaselineEntry[];
  /** What was not scanned and why, and warnings about the config (always present, maybe empty). */
  notes: ScanNote[];
}

export interface JsonFinding {
  ruleId: string;
  provider: string;
  path: string;
  line: number;
  column: number;
  endColumn: number;
  commit: string | null;
  redacted: string;
  fingerprint: string;
  envVar: string;
  context: FindingContext;
  cell?: number;
  cellLine?: number;
  occurrences?: number;
  knownTest?: boolean;
  note?: string;
  verification?: Verification;
  secret?: string;
}

export function formatJson(result: ScanResult, options: ReportOptions): string {
  const staleBaseline = result.staleBaseline?.map(({ ruleId, path, hash }) => ({ ruleId, path, hash }));
  const report: JsonReport = {
    version: 1,
    findings: result.findings.map((finding) => toJsonFinding(finding, options.reveal)),
    stats: { files: result.stats.files, bytes: result.stats.bytes, durationMs: result.stats.durationMs },
    ...(staleBaseline ? { staleBaseline } : {}),
    notes: (result.notes ?? []).map(toJsonNote),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

// Built field by field rather than spread from the Finding: consumers diff this output, so the
// order must not follow whatever order the scanner happened to create properties in, and fields
// outside the contract (the raw secret above all) must not ride along.
function toJsonFinding(finding: Finding, reveal: boolean): JsonFinding {
  const json: JsonFinding = {
    ruleId: finding.ruleId,
    provider: finding.provider,
    path: finding.path,
    line: finding.line,
    column: finding.column,
    endColumn: finding.endColumn,
    commit: finding.commit ?? null,
    redacted: finding.redacted,
    fingerprint: finding.fingerprint,
    envVar: finding.envVar,
    context: finding.context ?? contextOf(finding.path),
  };
  if (finding.cell !== undefined) json.cell = finding.cell;
  if (finding.cellLine !== undefined) json.cellLine = finding.cellLine;
  if (finding.occurrences !== undefined) json.occurrences = finding.occurrences;
  if (finding.knownTest) json.knownTest = true;
  if (finding.note !== undefined) json.note = finding.note;
  if (finding.verification) json.verification = toJsonVerification(finding.verification);
  if (reveal) json.secret = finding.secret;
  return json;
}

function toJsonVerification({ status, account, detail }: Verification): Verification {
  const json: Verification = { status };
  if (account !== undefined) json.account = account;
  if (detail !== undefined) json.detail = detail;
  return json;
}

function toJsonNote({ path, reason, line, detail, ruleId }: ScanNote): ScanNote {
  const json: ScanNote = { path, reason };
  if (line !== undefined) json.line = line;
  if (detail !== undefined) json.detail = detail;
  if (ruleId !== undefined) json.ruleId = ruleId;
  return json;
}
