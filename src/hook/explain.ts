import type { ScanResult } from '../types/index.js';
import { findInHistory } from '../sources/git/history-lookup.js';
import { formatBlockMessage, type Exposure } from './block-message.js';

export interface ExplainOptions {
  cwd: string;
  reveal: boolean;
  color: boolean;
  /** How long the history check may take; a blocked commit is rare, a hung hook is not forgiven. */
  budgetMs?: number;
}

const DEFAULT_BUDGET_MS = 3000;

/**
 * The `scan --staged` text report when findings block a commit. Findings are rare, so only then
 * does the hook read history, to tell "fix it" apart from "rotate it".
 */
export async function explainStagedFindings(result: ScanResult, options: ExplainOptions): Promise<string> {
  const secrets = [...new Set(result.findings.map((finding) => finding.secret))];
  const exposures = new Map<string, Exposure>();
  try {
    const lookup = await findInHistory(secrets, { cwd: options.cwd, budgetMs: options.budgetMs ?? DEFAULT_BUDGET_MS });
    for (const secret of secrets) {
      const commit = lookup.found.get(secret);
      if (commit) exposures.set(secret, { kind: 'history', commit });
      else if (lookup.complete) exposures.set(secret, { kind: 'index-only' });
      else exposures.set(secret, { kind: 'unknown', commitsChecked: lookup.commitsChecked });
    }
  } catch {
    // The block stands either way; without history the message just cannot say which case it is.
  }
  return formatBlockMessage(result, { reveal: options.reveal, color: options.color, exposures });
}
