import type { OutputFormat, ScanResult } from '../types/index.js';
import { formatGithub } from './github.js';
import { formatHtml } from './html.js';
import { formatJson } from './json.js';
import type { ReportOptions } from './report-options.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

export type { ReportOptions } from './report-options.js';
export type { JsonFinding, JsonReport } from './json.js';

/** A reporter turns a scan into the exact text to print; it never writes anywhere itself. */
export type Reporter = (result: ScanResult, options: ReportOptions) => string;

export const REPORTERS: Readonly<Record<OutputFormat, Reporter>> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
  html: formatHtml,
};

export function formatReport(format: OutputFormat, result: ScanResult, options: ReportOptions): string {
  return REPORTERS[format](result, options);
}
