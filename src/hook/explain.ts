import { join } from 'node:path';
import type { ScanResult } from '../types/index.js';
import { gitOutput } from '../git/process.js';
import { findInHistory } from '../sources/git/history-lookup.js';
import { isCredentialStorePath } from '../migrate/languages/credential-file.js';
import { packageRoot } from '../util/package-root.js';
import { formatBlockMessage, type Exposure } from './block-message.js';
import { findInvocation } from './invocation.js';

export interface ExplainOptions {
  cwd: string;
  reveal: boolean;
  color: boolean;
  /** How long the history check may take; a blocked commit is rare, a hung hook is not forgiven. */
  budgetMs?: number;
  env: NodeJS.ProcessEnv;
}

const DEFAULT_BUDGET_MS = 3000;

/**
 * The `scan --staged` text report when findings block a commit. Findings are rare, so only then
 * does the hook read history, to tell "fix it" apart from "rotate it".
 */
export async function explainStagedFindings(result: ScanResult, options: ExplainOptions): Promise<string> {
  const secrets = [...new Set(result.findings.map((finding) => finding.secret))];
  const search = findInHistory(secrets, { cwd: options.cwd, budgetMs: options.budgetMs ?? DEFAULT_BUDGET_MS });
  // Asked while the history search runs: both are git processes the message waits for.
  const command = printedCommand(options);
  const exposures = new Map<string, Exposure>();
  try {
    const lookup = await search;
    for (const secret of secrets) {
      const commit = lookup.found.get(secret);
      if (commit) exposures.set(secret, { kind: 'history', commit });
      else if (lookup.complete) exposures.set(secret, { kind: 'index-only' });
      else exposures.set(secret, { kind: 'unknown', commitsChecked: lookup.commitsChecked });
    }
  } catch {
    // The block stands either way; without history the message just cannot say which case it is.
  }
  return formatBlockMessage(result, {
    reveal: options.reveal,
    color: options.color,
    exposures,
    command: await command,
    isCredentialStore: isCredentialStorePath,
  });
}

/** The command that starts this copy of leakguard from the user's shell, in this repository. */
async function printedCommand(options: ExplainOptions): Promise<string> {
  try {
    const root = (await gitOutput(options.cwd, ['rev-parse', '--show-toplevel'], 'scan --staged')).toString('utf8').trim();
    return findInvocation(root, { node: process.execPath, script: join(packageRoot(), 'bin', 'leakguard.js') }, options.env).command;
  } catch {
    return 'leakguard';
  }
}
