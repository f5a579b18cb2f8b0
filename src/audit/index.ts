/**
 * Everything the HTML report needs beyond the scan result, gathered once the scan is done:
 * git facts per finding (src/audit/git-facts.ts) and the `migrate --dry-run` preview. Only the
 * HTML format loads this module, so no other scan pays for git walks or the migrate planner.
 */
import type { AuditFacts, ScanResult } from '../types/index.js';
import { collectGitFacts } from './git-facts.js';
import { previewMigration } from './migration-preview.js';

export interface AuditOptions {
  cwd: string;
  /** What was scanned, in words, for the report's header. */
  scope: string;
  /** Tree scans: paths are relative to `cwd`; the working tree holds every finding. */
  treeScan: boolean;
  configFile?: string;
  /** Tree scans limited to some paths: the migrate preview is limited to them too. */
  paths?: string[];
  reveal: boolean;
  /** Leave out the migrate preview (a test hook, and for callers with no working tree). */
  migration?: boolean;
  now?: Date;
}

export async function collectAuditFacts(result: ScanResult, options: AuditOptions): Promise<AuditFacts> {
  const facts: AuditFacts = {
    scope: options.scope,
    generatedAt: (options.now ?? new Date()).toISOString(),
    remotes: [],
    findings: {},
    notes: [],
  };
  const git = await collectGitFacts(result.findings, { cwd: options.cwd, treeScan: options.treeScan });
  if (git) {
    if (git.head) facts.head = git.head;
    facts.remotes = git.remotes;
    facts.findings = git.findings;
  } else {
    facts.notes.push('not a git repository: no commits, authors or removal dates');
  }
  // With nothing found there is nothing to rotate, and a range or history scan that found nothing
  // says nothing about the working tree: a preview there would report on what was not scanned.
  if (options.migration !== false && result.findings.length === 0) facts.notes.push('migrate: not previewed, the scan found nothing');
  else if (options.migration !== false) {
    try {
      facts.migration = await previewMigration({
        root: options.cwd,
        configFile: options.configFile,
        only: options.paths && options.paths.length > 0 ? options.paths : undefined,
        reveal: options.reveal,
      });
    } catch (error) {
      // The report is still worth having without the preview; say why it is missing.
      facts.notes.push(`migrate --dry-run preview unavailable: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return facts;
}
