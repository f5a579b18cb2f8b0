import type { Finding } from '../types/index.js';

/**
 * The contract between the migration planner and the per-language rewriters. Rewriters are pure:
 * text in, text out. Only migrate/apply.ts writes to disk.
 *
 * Changes since the first version (all backward compatible; part B's modules need no edit):
 * - `NamedFinding.offset`: the planner locates every finding in `text` (BOM included) and passes
 *   the UTF-16 offset of the secret's first character, so rewriters need not redo line/column maths.
 * - `LanguageSupport.handles(path, text?)`: the registry may pass the file text (shebang sniffing).
 * - `LanguageSupport.validate(text, path, original?)`: the original text, so a validator can skip
 *   files that did not parse before the rewrite either (a ksh script, a Databricks `.py`).
 * - `RewriteResult.untrack`: what an `untrack` result needs (template, ignore pattern).
 * - `GeneratedFile.mode`: the file mode for a generated file (default 0o644).
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
  /**
   * Reads where a missing value is acceptable (None / undefined instead of an error): set for
   * framework-loaded configs, which are loaded for every run, credentials used or not.
   */
  optionalLookups?: boolean;
  /**
   * Where this Python file's resolver is and how it imports it, decided by the planner for the
   * whole repository (one resolver per import root, see python/placement.ts); rewriters called
   * on their own fall back to placing it from this file alone.
   */
  pythonResolver?: ResolverPlacement;
}

/** Where a generated resolver goes for one file, and how that file imports it. */
export interface ResolverPlacement {
  /** Repository-relative path of the resolver module. */
  resolverPath: string;
  /** The module to import from: `secret_resolver`, `pkg.secret_resolver` or `..secret_resolver`. */
  importModule: string;
  /** Path from the resolver's directory to the repository root. */
  rootFromResolver: string;
}

export interface NamedFinding extends Finding {
  /** The variable this value will be read from after migration (may differ from the rule's). */
  envVar: string;
  /** UTF-16 offset of the secret in `RewriteRequest.text` (BOM counted); set by the planner. */
  offset?: number;
}

export type RewriteStatus = 'changed' | 'manual' | 'unchanged' | 'untrack';

export interface GeneratedFile {
  /** Repository-relative path. */
  path: string;
  text: string;
  /** Never overwrite an existing file at this path (resolver modules, templates). */
  createOnly?: boolean;
  /** File mode for a new file (default 0o644). */
  mode?: number;
  /** Set for a generated resolver: the planner renders one file per path for every importer's names. */
  resolver?: GeneratedResolver;
}

export interface GeneratedResolver {
  /** The variables the rewritten file reads through the resolver. */
  names: readonly string[];
  /** The resolver's text for a set of names (the union over every file that imports it). */
  render: (names: readonly string[]) => string;
  /** The names an existing file at the path was rendered for; undefined when it is not ours. */
  declaredNames: (text: string) => string[] | undefined;
}

export interface UntrackRequest {
  /** A template with the secrets blanked (`config.env.example`); absent when none makes sense. */
  template?: GeneratedFile;
  /**
   * A dotenv-format store whose non-secret keys belong in the project's `.env.example`
   * (the root `.env` itself): the planner merges them instead of writing a second template.
   */
  dotenvSiblings?: boolean;
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
  /** For `untrack`: the template to generate and how the planner should treat the file. */
  untrack?: UntrackRequest;
}

export type Rewriter = (request: RewriteRequest) => Promise<RewriteResult>;

/**
 * One language module under src/migrate/languages/. `validate` re-parses a rewritten file and
 * returns an error message when the result is not valid for its language (plan → verify → apply).
 */
export interface LanguageSupport {
  name: string;
  /** Does this module handle the repository-relative path? `text` is passed when known. */
  handles: (path: string, text?: string) => boolean;
  rewrite: Rewriter;
  validate?: (text: string, path: string, original?: string) => Promise<string | undefined>;
}
