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
  /** Things the user should know that are not findings (skipped submodules, oversized files). */
  notes?: string[];
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
  /** `scan --staged` also verifies live keys (off unless the user turns it on). */
  verifyOnCommit: boolean;
  /** Absolute path of the file the config came from, when there was one. */
  source?: string;
  /** Ids of user rules the linearity checker could not prove: they run under a timeout guard. */
  unprovenRules?: string[];
}

export type OutputFormat = 'text' | 'json' | 'sarif' | 'github';
