/**
 * What the HTML audit report knows beyond the findings: where each credential stands in git and
 * what `migrate` would change. Computed by src/audit (which reads git and runs the planner), handed
 * to the pure reporter through `ReportOptions.audit`. Every field is optional to the reporter: a
 * report without facts still renders, with every credential "in the scanned tree".
 */

/** One commit, as the report shows it. */
export interface CommitInfo {
  /** Full object id. */
  commit: string;
  /** Author date, ISO 8601 in UTC. */
  date: string;
  /** Author name (never the e-mail: the report is meant to be passed around). */
  author: string;
}

/**
 * Where a found value stands:
 * - `head`: in HEAD's tree at its path (for tree scans: in the scanned file, and committed);
 * - `uncommitted`: in the scanned file only; no commit on any ref holds it;
 * - `history`: committed, but never on HEAD's line (another branch, a stash, a rewritten ref);
 * - `removed`: once on HEAD's line; a later commit took it out, history still holds it;
 * - `migrated`: removed, and HEAD's file now reads the environment variable instead (or the
 *   credential file is no longer tracked and is ignored).
 */
export type CredentialState = 'head' | 'uncommitted' | 'history' | 'removed' | 'migrated';

/** Facts about one finding, keyed in `AuditFacts.findings` by the finding's fingerprint. */
export interface FindingFacts {
  state: CredentialState;
  /** Commits (on any ref) that added the value at this path, oldest first. */
  commits: CommitInfo[];
  /** The commit on HEAD's line that took the value out (states `removed`, `migrated`). */
  removedIn?: CommitInfo;
  /** Some commit holding it is reachable from a remote-tracking ref: it was pushed. */
  pushed: boolean;
}

export interface RemoteInfo {
  name: string;
  /** The fetch URL with any user name and password removed. */
  url: string;
  host: string;
  /** The host is a public code or model hub (github.com, gitlab.com, huggingface.co, …). */
  publicHost: boolean;
}

/** What `migrate --dry-run` would do, reduced to what the report shows (values redacted). */
export interface MigrationPreview {
  summary: { changed: number; manual: number; untracked: number; values: number; writes: number };
  files: { path: string; status: string; language?: string; reason?: string }[];
  values: { envVar: string; provider: string; redacted: string; sites: { path: string; line: number }[] }[];
  writes: { path: string; kind: string; created: boolean }[];
  notes: string[];
  /** The unified diff `migrate --dry-run` prints, values redacted. */
  diff?: string;
}

export interface AuditFacts {
  /** What was scanned, in words: `every ref`, `origin/main..HEAD`, `the working tree`. */
  scope: string;
  /** When the report was made, ISO 8601; the reference point for ages. */
  generatedAt: string;
  /** HEAD's commit and branch, when the scan ran in a repository with commits. */
  head?: CommitInfo & { branch?: string };
  remotes: RemoteInfo[];
  /** Fingerprint → facts. Findings without an entry count as `uncommitted` when no git facts exist. */
  findings: Record<string, FindingFacts>;
  /** Absent when migrate does not apply (no working tree) or failed; see `notes`. */
  migration?: MigrationPreview;
  /** Why some facts are missing (not a repository, migrate preview failed, …). */
  notes: string[];
}
