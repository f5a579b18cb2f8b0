/**
 * `leakguard check`: which credentials the repository needs, whether each resolves and from where
 * (in the generated resolvers' order, see resolve.ts), what is unsafe about the `.env` setup, and
 * optionally whether each resolved credential is live. Values never leave this module except as
 * `redact`ed text in conflict warnings and, with `verify`, in requests to their own provider.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Verification } from '../types/index.js';
import { prepareScan } from '../engine.js';
import { scanFragment } from '../scanner/index.js';
import { listFiles } from '../sources/files.js';
import { discoverVariables, type Origin, type RepoFile } from './discover.js';
import { repositoryRoot, trackedFiles, type GitRunner } from './git.js';
import { homeDir, PROVIDER_LOGINS } from './logins.js';
import { credentialNameIndex, Resolver, type Candidate, type CredentialSource, type Resolution } from './resolve.js';
import { conflictWarning, dotenvFileWarnings, dotenvGitWarnings, exampleValueWarnings, type CheckWarning } from './warnings.js';

export type { CheckWarning } from './warnings.js';
export type { CredentialSource } from './resolve.js';

export interface CheckOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  configFile?: string;
  /** Ask each provider whether the resolved credentials are live (network; opt-in). */
  verify?: boolean;
  /** Passed to verifySecrets: tests inject a short timeout. */
  verifyTimeoutMs?: number;
}

/** Where a credential resolved from, with paths made readable (relative, or `~/…`). */
export type DisplayedSource =
  | { kind: 'environment'; name: string }
  | { kind: 'dotenv'; name: string; path: string; line: number }
  | { kind: 'login'; provider: string; path: string; detail?: string };

export interface CheckVariable {
  name: string;
  /** Listed in a `.env.example`. */
  required: boolean;
  found: boolean;
  source?: DisplayedSource;
  /** For a missing variable: how to provide it. */
  hint?: string;
  /** Where the repository asks for it. */
  origins: Origin[];
  verification?: Verification;
}

export interface CheckReport {
  variables: CheckVariable[];
  warnings: CheckWarning[];
  /** Required variables that resolve nowhere. */
  missing: string[];
}

export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  const cwd = resolve(options.cwd);
  const gitAtCwd: GitRunner = { cwd, env: options.env };
  const repoRoot = await repositoryRoot(gitAtCwd);
  const root = repoRoot ?? cwd;
  const git = repoRoot ? { cwd: repoRoot, env: options.env } : undefined;
  const context = await prepareScan(cwd, options.configFile);
  const show = pathDisplay(cwd, root, homeDir(options.env));
  const showRepoPath = (repoPath: string): string => show(resolve(root, repoPath));

  const files = git ? await trackedRepoFiles(git, root) : await walkedRepoFiles(root, context.config.ignorePaths, context.config.maxFileSize);
  const discovery = discoverVariables({ root, cwd, files, rules: context.rules, maxFileSize: context.config.maxFileSize });

  const resolver = new Resolver({ env: options.env, cwd, root }, credentialNameIndex(context.rules, discovery.resolverGroups));
  const describe = (candidate: Candidate): string => describeSource(toDisplayed(candidate.source, show));
  const warnings: CheckWarning[] = [
    ...dotenvFileWarnings(resolver.files, show),
    ...(await dotenvGitWarnings(resolver.files, root, git, show)),
  ];
  for (const example of discovery.examples) {
    const findings = scanFragment({ path: example.path, text: example.text }, context.compiled, { allowValues: context.allowValues });
    warnings.push(...exampleValueWarnings(findings, showRepoPath));
  }

  const resolutions: Resolution[] = [];
  const variables: CheckVariable[] = discovery.variables.map((discovered) => {
    const resolution = resolver.resolve(discovered.name);
    resolutions.push(resolution);
    const conflict = conflictWarning(resolution, describe);
    if (conflict) warnings.push(conflict);
    const variable: CheckVariable = {
      name: discovered.name,
      required: discovered.required,
      found: resolution.winner !== undefined,
      origins: discovered.origins.map((origin) => ({ ...origin, path: showRepoPath(origin.path) })),
    };
    if (resolution.winner) variable.source = toDisplayed(resolution.winner.source, show);
    else variable.hint = missingHint(resolution.canonical);
    return variable;
  });

  if (options.verify) await verifyResolved(variables, resolutions, options);

  return {
    variables,
    warnings,
    missing: variables.filter((variable) => variable.required && !variable.found).map((variable) => variable.name),
  };
}

/**
 * Verifies each resolved credential whose value has the format of a built-in rule with a
 * verifier (verify/index.ts): the variable's name, and any alias a repository's resolver table
 * or config gave it, never choose where a value is sent. One request per distinct value.
 */
async function verifyResolved(variables: CheckVariable[], resolutions: readonly Resolution[], options: CheckOptions): Promise<void> {
  const { verifySecrets, verificationKey, verifierForValue } = await import('../verify/index.js');
  const items = resolutions.flatMap((resolution, index) => {
    const verifier = resolution.winner ? verifierForValue(resolution.winner.value) : undefined;
    return verifier && resolution.winner ? [{ index, item: { verifier, secret: resolution.winner.value } }] : [];
  });
  if (items.length === 0) return;
  const verifyOptions = options.verifyTimeoutMs === undefined ? { env: options.env } : { env: options.env, timeoutMs: options.verifyTimeoutMs };
  const results = await verifySecrets(items.map(({ item }) => item), verifyOptions);
  for (const { index, item } of items) {
    const variable = variables[index];
    const verification = results.get(verificationKey(item));
    if (variable && verification) variable.verification = verification;
  }
}

function missingHint(canonical: string): string {
  const login = PROVIDER_LOGINS[canonical];
  return login ? `set it in .env or run \`${login.command}\`` : 'set it in .env';
}

async function trackedRepoFiles(git: GitRunner, root: string): Promise<RepoFile[]> {
  return (await trackedFiles(git)).map((path) => ({ path, absolute: resolve(root, path) }));
}

async function walkedRepoFiles(root: string, ignorePaths: string[], maxFileSize: number): Promise<RepoFile[]> {
  const listing = await listFiles(['.'], { cwd: root, ignorePaths, maxFileSize, gitignore: true });
  // A name that is not valid UTF-8 is no .env.example or resolver: check only reads those.
  return listing.files.flatMap((file) => (typeof file.absolute === 'string' ? [{ path: file.path, absolute: file.absolute }] : []));
}

function toDisplayed(source: CredentialSource, show: (absolute: string) => string): DisplayedSource {
  if (source.kind === 'environment') return { kind: 'environment', name: source.name };
  if (source.kind === 'dotenv') return { kind: 'dotenv', name: source.name, path: show(source.file), line: source.line };
  const displayed: DisplayedSource = { kind: 'login', provider: source.provider, path: show(source.file) };
  if (source.detail) displayed.detail = source.detail;
  return displayed;
}

/**
 * `environment HF_TOKEN`, `.env:3 HF_TOKEN`, `huggingface login ~/.cache/huggingface/token`.
 * Given the variable being described, its own name is left out and only an alias is spelled out
 * (`environment as HUGGING_FACE_HUB_TOKEN`).
 */
export function describeSource(source: DisplayedSource, variable?: string): string {
  if (source.kind === 'login') return `${source.provider} login ${source.path}${source.detail ? ` (${source.detail})` : ''}`;
  const where = source.kind === 'environment' ? 'environment' : `${source.path}:${source.line}`;
  if (variable === undefined) return `${where} ${source.name}`;
  return source.name === variable ? where : `${where} as ${source.name}`;
}

/**
 * Paths in the repository (or under the working directory) are shown relative to the working
 * directory, home files as `~/…`, anything else absolute.
 */
export function pathDisplay(cwd: string, root: string, home: string): (absolute: string) => string {
  return (absolute) => {
    if (isInside(cwd, absolute) || isInside(root, absolute)) return toSlashes(relative(cwd, absolute));
    if (home && isInside(home, absolute)) return `~/${toSlashes(relative(home, absolute))}`;
    return absolute;
  };
}

function isInside(dir: string, path: string): boolean {
  const fromDir = relative(dir, path);
  return fromDir !== '' && fromDir !== '..' && !fromDir.startsWith(`..${sep}`) && !isAbsolute(fromDir);
}

function toSlashes(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
