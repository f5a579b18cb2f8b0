/**
 * THE resolution order. `leakguard check` reports what this module finds, and the resolvers that
 * `leakguard migrate` generates (`secret_resolver.py`, `secret-resolver.ts`) implement the same
 * order at run time, so "check says ✓" means "the code will find it". docs/check.md spells the
 * order out for both; change the three together.
 *
 * For a variable NAME (say HF_TOKEN, whose rules list the alias HUGGING_FACE_HUB_TOKEN):
 *
 *   1. NAME itself, in three places: the process environment; the nearest `.env` file found
 *      walking up from the working directory to the filesystem root; the nearest `.env` walking
 *      up from the repository root (for resolvers: from the resolver module's own directory),
 *      when that is a different file.
 *   2. Each alias, in the order the rules list them (or the order of the repository's generated
 *      resolver table, when it has one), in the same three places: environment for every alias,
 *      then each `.env`. An alias never overrides the exact name: `RUNPOD_TOKEN` exported does
 *      not beat `RUNPOD_API_KEY` in `.env`.
 *   3. The provider's CLI login, keyed by the canonical variable:
 *        HF_TOKEN        the first token file that exists and is non-empty among
 *                        $HF_TOKEN_PATH, $HF_HOME/token, ~/.cache/huggingface/token
 *        WANDB_API_KEY   $NETRC, else ~/.netrc: the password of `machine api.wandb.ai`
 *        RUNPOD_API_KEY  ~/.runpod/config.toml: the first `api_key` / `apikey` assignment
 *   4. Otherwise the variable is missing.
 *
 * An empty value counts as unset at every step (`HF_TOKEN=` in .env does not shadow a login).
 * When NAME is itself an alias, NAME is tried first, then the canonical name, then other aliases.
 */
import { statSync } from 'node:fs';
import { CONFIG_FILE_CAP, readRegularFile } from '../util/safe-read.js';
import { dirname, join, resolve } from 'node:path';
import type { Rule } from '../types/index.js';
import { dotenvToMap, parseDotenv, type DotenvEntry } from './dotenv.js';
import { PROVIDER_LOGINS } from './logins.js';

export const DOTENV_FILE = '.env';

export interface ResolveContext {
  env: NodeJS.ProcessEnv;
  /** Absolute working directory. */
  cwd: string;
  /** Absolute repository root (the working directory when not in a repository). */
  root: string;
}

export type CredentialSource =
  | { kind: 'environment'; name: string }
  | { kind: 'dotenv'; name: string; file: string; line: number }
  | { kind: 'login'; provider: string; file: string; detail?: string };

export interface Candidate {
  source: CredentialSource;
  value: string;
}

export interface Resolution {
  name: string;
  /** Canonical variable of the credential (NAME itself when no rule knows it). */
  canonical: string;
  /** What a generated resolver would return: the first candidate in resolution order. */
  winner?: Candidate;
  /** Every place holding a non-empty value, in resolution order. */
  candidates: Candidate[];
}

export interface DotenvFile {
  path: string;
  entries: Map<string, DotenvEntry>;
  /** Why the file exists but could not be read (EACCES, EISDIR, …). */
  error?: string;
}

/** Canonical name and aliases of one credential, gathered from every rule that names it. */
export interface CredentialNames {
  canonical: string;
  aliases: string[];
}

/**
 * Name → its credential's names, for canonical names and aliases alike. Groups come from the
 * rules' `envVar`/`envAliases`; a generated resolver's own table (canonical first) overrides them
 * for the names it lists, because that table is what the repository's code will actually try.
 */
export function credentialNameIndex(rules: readonly Rule[], resolverGroups: readonly (readonly string[])[] = []): Map<string, CredentialNames> {
  const groups = new Map<string, CredentialNames>();
  for (const rule of rules) {
    const group = groups.get(rule.envVar) ?? { canonical: rule.envVar, aliases: [] };
    for (const alias of rule.envAliases ?? []) {
      if (alias !== group.canonical && !group.aliases.includes(alias)) group.aliases.push(alias);
    }
    groups.set(rule.envVar, group);
  }
  const index = new Map(groups);
  for (const group of groups.values()) {
    for (const alias of group.aliases) if (!index.has(alias)) index.set(alias, group);
  }
  for (const [canonical, ...aliases] of resolverGroups) {
    if (canonical === undefined) continue;
    const group: CredentialNames = { canonical, aliases: aliases.filter((alias) => alias !== canonical) };
    for (const name of [canonical, ...group.aliases]) index.set(name, group);
  }
  return index;
}

/** The names tried at each step, in order: NAME first, then canonical, then the other aliases. */
export function namesToTry(name: string, group: CredentialNames | undefined): string[] {
  if (!group) return [name];
  return [...new Set([name, group.canonical, ...group.aliases])];
}

/** The `.env` places of each step: the nearest from the working directory, then from the repository root. */
export function dotenvSearchPaths(context: Pick<ResolveContext, 'cwd' | 'root'>): string[] {
  const paths = [nearestFile(context.cwd, DOTENV_FILE), nearestFile(context.root, DOTENV_FILE)];
  return [...new Set(paths.filter((path): path is string => path !== undefined))];
}

export class Resolver {
  private readonly dotenvFiles: DotenvFile[];

  constructor(
    private readonly context: ResolveContext,
    private readonly names: ReadonlyMap<string, CredentialNames>,
  ) {
    this.dotenvFiles = dotenvSearchPaths(context).map(readDotenvFile);
  }

  /** The `.env` files consulted, for the permission and git warnings. */
  get files(): readonly DotenvFile[] {
    return this.dotenvFiles;
  }

  resolve(name: string): Resolution {
    const group = this.names.get(name);
    const tried = namesToTry(name, group);
    const candidates: Candidate[] = [];
    for (const group of [tried.slice(0, 1), tried.slice(1)]) {
      for (const candidate of group) {
        const value = this.context.env[candidate];
        if (value) candidates.push({ source: { kind: 'environment', name: candidate }, value });
      }
      for (const file of this.dotenvFiles) {
        for (const candidate of group) {
          const entry = file.entries.get(candidate);
          if (entry?.value) candidates.push({ source: { kind: 'dotenv', name: candidate, file: file.path, line: entry.line }, value: entry.value });
        }
      }
    }
    const canonical = group?.canonical ?? name;
    const login = PROVIDER_LOGINS[canonical];
    const fromLogin = login?.read(this.context.env);
    if (login && fromLogin) {
      const source: CredentialSource = { kind: 'login', provider: login.provider, file: fromLogin.file };
      if (fromLogin.detail) source.detail = fromLogin.detail;
      candidates.push({ source, value: fromLogin.value });
    }
    const resolution: Resolution = { name, canonical, candidates };
    if (candidates[0]) resolution.winner = candidates[0];
    return resolution;
  }
}

function readDotenvFile(path: string): DotenvFile {
  // Bounded, regular files only: a .env that is a FIFO or a link to /dev/zero must not hang check.
  const read = readRegularFile(path, CONFIG_FILE_CAP);
  if (read.kind === 'ok') return { path, entries: dotenvToMap(parseDotenv(read.data.toString('utf8'))) };
  const error = read.kind === 'error' ? read.code : read.kind === 'not-regular' ? 'not a regular file' : 'too large';
  return { path, entries: new Map(), error };
}

function nearestFile(start: string, name: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, name);
    if (isFile(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
