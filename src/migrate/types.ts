import type { Finding } from '../types/index.js';

/**
 * The contract between the migration planner and the per-language rewriters. Rewriters are pure:
 * text in, text out. Only migrate/apply.ts writes to disk.
 */

/** How a rewritten call site reads the value. */
export type ResolverStyle = 'resolver' | 'env';

export interface RewriteRequest {
  /** Repository-relative path with `/`. */
  path: string;
  /** Absolute repository root (for placing generated resolver modules). */
  root: string;
  /** Full original file text, exactly as read (BOM, CRLF and all). */
  text: string;
  /** The findings in this file, each already named: `envVar` is the final variable name. */
  findings: NamedFinding[];
  style: ResolverStyle;
  /** Repository-relative paths of every file in the repo (to find packages, module settings). */
  repoFiles: ReadonlySet<string>;
}

export interface NamedFinding extends Finding {
  /** The variable this value will be read from after migration (may differ from the rule's). */
  envVar: string;
}

export type RewriteStatus = 'changed' | 'manual' | 'unchanged' | 'untrack';

export interface GeneratedFile {
  /** Repository-relative path. */
  path: string;
  text: string;
  /** Never overwrite an existing file at this path (resolver modules, templates). */
  createOnly?: boolean;
}

export interface RewriteResult {
  status: RewriteStatus;
  /** New file text when status is `changed`. */
  text?: string;
  /** Why the file was left alone (`manual`), or what the user must still do. */
  reason?: string;
  /** Files the rewrite needs (the resolver module next to a script, …). */
  generated?: GeneratedFile[];
  /** Advice for the report, e.g. how to pass a removed Dockerfile ENV at run time. */
  notes?: string[];
}

export type Rewriter = (request: RewriteRequest) => Promise<RewriteResult>;

/**
 * One language module under src/migrate/languages/. `validate` re-parses a rewritten file and
 * returns an error message when the result is not valid for its language (plan → verify → apply).
 */
export interface LanguageSupport {
  name: string;
  /** Does this module handle the repository-relative path? */
  handles: (path: string) => boolean;
  rewrite: Rewriter;
  validate?: (text: string, path: string) => Promise<string | undefined>;
}
