/**
 * Contracts shared by every layer. Nothing here does work; it only names the shapes that flow
 * through the Source → Fragment → Scanner → Finding → Reporter pipeline.
 */

/** Structural requirements on the captured secret, checked after the regex (data, not code). */
export interface RuleChecks {
  /** At least this many ASCII digits in the secret body. */
  minDigits?: number;
  /** At least this many upper-case letters in the secret body. */
  minUpper?: number;
  /** At least this many lower-case letters in the secret body. */
  minLower?: number;
  /** Reject bodies made only of hex digits (git SHAs, hashes) for rules whose keys are not hex. */
  notHexOnly?: boolean;
}

/**
 * A published value a rule's regex matches, known by its sha256 (so the rule file holds no
 * token-shaped literal). `placeholder`: a documentation or SDK-sample value that is not a credential
 * (Firebase's sample API keys), never reported. `test`: a real but public test credential (CI
 * sandbox tokens in SDK test fixtures), still reported, marked so a team can triage it at a glance.
 */
export interface KnownValue {
  sha256: string;
  kind: 'placeholder' | 'test';
  /** Where the value is published, shown with `test` findings. */
  note: string;
}

/** One detection rule, exactly as it is written in `rules/<provider>.yaml` or `.leakguard.json`. */
export interface Rule {
  /** kebab-case, provider first, never renamed: baselines and inline ignores refer to it. */
  id: string;
  provider: string;
  description: string;
  /** JavaScript RegExp source; compiled with the `g` flag (and `i` when `caseInsensitive`). */
  regex: string;
  caseInsensitive?: boolean;
  /** Capture group holding the secret; 0 or absent means the first defined group, else the match. */
  secretGroup?: number;
  /** Lower-case literals; at least one must occur in a fragment before the regex runs. */
  keywords: string[];
  /** Literal prefix stripped from the secret before the entropy and placeholder checks. */
  prefix?: string;
  /** Minimum Shannon entropy (bits per character) of the body; below it the match is ignored. */
  entropy?: number;
  checks?: RuleChecks;
  /**
   * The captured text is an encoding of a credential (a Kubernetes `data:` value, a
   * `b64decode("…")` argument): decode it and require `regex` to match the whole decoded text.
   * The placeholder and entropy checks then apply to the decoded value.
   */
  decode?: { encoding: 'base64'; regex: string };
  /** Published values of this rule's shape, by sha256: sample placeholders and public test tokens. */
  knownValues?: KnownValue[];
  /** Only scan paths matching one of these globs (micromatch, matched against the repo path). */
  paths?: string[];
  /** Canonical environment variable that should hold the value instead. */
  envVar: string;
  /** Other names the provider's libraries read for the same credential. */
  envAliases?: string[];
  /** Where the user rotates or creates the credential. */
  docsUrl: string;
  /** Verification endpoint id (see src/verify), when the provider offers a safe whoami call. */
  verify?: string;
  /** Lower wins when two findings overlap: prefixed tokens beat context rules beat generic ones. */
  priority?: number;
  examples: { match: string[]; noMatch: string[] };
}

/** A unit of text to scan: a file on disk, a staged blob or one file's added text in a commit. */
export interface Fragment {
  /** Repository-relative path with `/` separators. */
  path: string;
  text: string;
  /** History findings carry the commit that introduced them; null for files and staged blobs. */
  commit?: string | null;
  /**
   * 1-based line numbers that count: a finding is reported only when it touches one of them.
   * Absent means every line counts (tree scans).
   */
  addedLines?: ReadonlySet<number>;
}

export type VerificationStatus = 'live' | 'invalid' | 'unknown';

export interface Verification {
  status: VerificationStatus;
  /** Account or organisation name, when the provider returns one for a live key. */
  account?: string;
  detail?: string;
}

/** Where a finding sits (from its path): triage information, never a filter. */
export type FindingContext = 'test' | 'vendor' | 'docs' | 'code';

export interface Finding {
  ruleId: string;
  provider: string;
  description: string;
  path: string;
  /** 1-based line and columns in the raw file (for notebooks, the JSON line). */
  line: number;
  column: number;
  endColumn: number;
  commit: string | null;
  /** The raw secret. Reporters print it only with `--reveal`. */
  secret: string;
  redacted: string;
  /** Stable id: sha256 of rule, path and secret; no plaintext. */
  fingerprint: string;
  envVar: string;
  docsUrl: string;
  /** test / vendor / docs / code, from the path; the scanner always sets it. */
  context?: FindingContext;
  /** Notebook cell index (0-based) and 1-based line inside the cell's source. */
  cell?: number;
  cellLine?: number;
  /**
   * The secret was split across adjacent string literals (`"hf_ab" + "cd…"`): `secret` is the
   * joined value, and the reported span runs from the first part to the last.
   */
  split?: boolean;
  /** History scans: how many commits held the same secret at the same path. */
  occurrences?: number;
  /** The value is a published test credential (a rule's `knownValues` entry of kind `test`). */
  knownTest?: boolean;
  /** Why: where the test credential is published. */
  note?: string;
  verification?: Verification;
}

export interface ScanStats {
  files: number;
  bytes: number;
  durationMs: number;
}

export interface ScanResult {
  findings: Finding[];
  stats: ScanStats;
  /** Baseline entries that matched nothing in this scan. */
  staleBaseline?: BaselineEntry[];
  /** Things the user should know that are not findings: what was not scanned, and why. */
  notes?: ScanNote[];
}

/**
 * Why a note was written. Every file a scan passes over gets one, so "No credentials found" never
 * hides a file that was not read; reporters print notes in every output format.
 */
export type NoteReason =
  /** Binary content: a binary extension with NUL bytes, or NUL bytes in a file of unknown kind. */
  | 'binary'
  /** Larger than `maxFileSize` (for notebooks: after image outputs are dropped). */
  | 'too-large'
  /** A valid Git LFS pointer: the content lives on the LFS server. */
  | 'lfs-pointer'
  /** Could not be read (permissions, vanished, invalid encoding). */
  | 'unreadable'
  /** A FIFO, socket or device: never opened. */
  | 'special-file'
  /** A symbolic link named on the command line: links are not followed. */
  | 'symlink'
  /** A submodule: scan it in its own repository. */
  | 'submodule'
  /** An unmerged index entry during a conflicted merge. */
  | 'unmerged'
  /** Repository config drops every (or most) candidate file, or a setting it may not change. */
  | 'config'
  /** A staged commit removes a secret that git history still holds. */
  | 'removed-secret'
  /** A rule ran past its per-file time budget and was stopped for that file. */
  | 'budget-exceeded'
  /** Not a skip: what a git scan covered ("scanned 12 commits"). */
  | 'summary';

export interface ScanNote {
  /** The file the note is about, `/`-separated; empty when it concerns the scan as a whole. */
  path: string;
  reason: NoteReason;
  /** 1-based line, when the note is about one place in the file. */
  line?: number;
  /** Human detail: the limit, the commit, the error code. Never holds secret text. */
  detail?: string;
  /** The rule concerned, when there is one (a time budget). */
  ruleId?: string;
}

export interface BaselineEntry {
  ruleId: string;
  path: string;
  /** sha256(salt + secret), hex. */
  hash: string;
}

export interface Baseline {
  version: 1;
  salt: string;
  entries: BaselineEntry[];
}

/** `.leakguard.json`, after validation and defaults. */
export interface Config {
  /** Extra rules, or built-in rules overridden by id. */
  rules: Rule[];
  /** Built-in rule ids to turn off. */
  disabledRules: string[];
  /** Path globs (micromatch) never scanned. */
  ignorePaths: string[];
  /** Exact values that are never findings (fixtures, documentation examples). */
  allowValues: string[];
  /** Files larger than this are skipped. */
  maxFileSize: number;
  /**
   * What the config file says about verifying on commit. Never acted on: only the user's own
   * config (~/.config/leakguard/config.json) or LEAKGUARD_VERIFY_ON_COMMIT turns it on
   * (config/user-settings.ts); a repository file that sets it gets a warning note.
   */
  verifyOnCommit: boolean;
  /** Absolute path of the file the config came from, when there was one. */
  source?: string;
  /** Ids of user rules the linearity checker could not prove: they run under a timeout guard. */
  unprovenRules?: string[];
}

export type OutputFormat = 'text' | 'json' | 'sarif' | 'github' | 'html';

export type * from './audit.js';
