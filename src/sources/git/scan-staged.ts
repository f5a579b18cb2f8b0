import type { Finding, ScanNote, ScanResult } from '../../types/index.js';
import { ignoreWarning } from '../config-trust.js';
import { scanFragment } from '../../scanner/index.js';
import type { ScanContext } from '../scan-context.js';
import { readStaged, type StagedRemoval } from './staged.js';

export interface StagedScan {
  result: ScanResult;
  /** New path → old path for renamed files, so baseline entries follow a `git mv`. */
  renames: Map<string, string>;
}

/** Scans what the next commit adds; notes the secrets it removes, which history still holds. */
export async function scanStaged(cwd: string, paths: readonly string[], context: ScanContext): Promise<StagedScan> {
  const snapshot = await readStaged({
    cwd,
    paths,
    maxFileSize: context.config.maxFileSize,
    isIgnored: context.isIgnored,
  });
  const findings: Finding[] = [];
  const renames = new Map<string, string>();
  const budgetNotes: ScanNote[] = [];
  let bytes = 0;
  for (const file of snapshot.files) {
    bytes += file.bytes;
    findings.push(...scanFragment(file.fragment, context.compiled, { allowValues: context.allowValues, notes: budgetNotes }));
    if (file.renamedFrom) renames.set(file.fragment.path, file.renamedFrom);
  }
  const counts = { candidates: snapshot.candidates, ignored: snapshot.ignoredByConfig };
  const warning = context.config.ignorePaths.length > 0 ? ignoreWarning(context.config, await globMatcherFactory(), counts, cwd) : undefined;
  const notes = [...(warning ? [warning] : []), ...context.notes, ...snapshot.notes, ...budgetNotes, ...removedSecretNotes(snapshot.removals, findings, context)];
  return { result: { findings, stats: { files: snapshot.files.length, bytes, durationMs: 0 }, notes }, renames };
}

/**
 * Deleting a line does not un-leak it: the value is in every clone of the history. The commit
 * passes, with a note per removed secret that is not still in the file or added elsewhere.
 */
function removedSecretNotes(removals: StagedRemoval[], added: Finding[], context: ScanContext): ScanNote[] {
  const stillAdded = new Set(added.map((finding) => finding.secret));
  const seen = new Set<string>();
  const notes: ScanNote[] = [];
  for (const removal of removals) {
    for (const finding of scanFragment(removal.fragment, context.compiled, { allowValues: context.allowValues })) {
      if (stillAdded.has(finding.secret) || removal.remaining?.includes(finding.secret)) continue;
      const key = `${finding.path}\0${finding.secret}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const line = removal.lineMap[finding.line - 1] ?? finding.line;
      notes.push({
        path: finding.path,
        reason: 'removed-secret',
        line,
        ruleId: finding.ruleId,
        detail:
          `this commit removes a ${finding.provider} credential (${finding.redacted}), ` +
          `but git history still holds it: rotate it at ${finding.docsUrl}`,
      });
    }
  }
  return notes;
}

/** micromatch only when a glob is configured: the hook pays for every module it loads. */
async function globMatcherFactory(): Promise<(globs: string[]) => (path: string) => boolean> {
  return (await import('../../util/globs.js')).globMatcher;
}
