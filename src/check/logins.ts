/**
 * The credential files that providers' own CLIs write (`hf auth login`, `wandb login`,
 * `runpod config` / `runpodctl config`). They are the last place a credential resolves from, so
 * a user who logged in once does not also need the value in `.env`.
 */
import { CONFIG_FILE_CAP, readRegularFile } from '../util/safe-read.js';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { netrcPassword, parseNetrc } from './netrc.js';

export interface LoginSecret {
  value: string;
  /** Absolute path of the file it came from. */
  file: string;
  /** What inside the file, for the report: `machine api.wandb.ai`, `[default] api_key`. */
  detail?: string;
}

export interface ProviderLogin {
  provider: string;
  /** The CLI command that writes the file, for "not found" hints. */
  command: string;
  read: (env: NodeJS.ProcessEnv) => LoginSecret | undefined;
}

/** Keyed by the canonical variable (a rule's `envVar`); aliases resolve through their canonical. */
export const PROVIDER_LOGINS: Readonly<Record<string, ProviderLogin>> = {
  HF_TOKEN: { provider: 'huggingface', command: 'hf auth login', read: readHuggingFaceToken },
  WANDB_API_KEY: { provider: 'wandb', command: 'wandb login', read: readWandbNetrc },
  RUNPOD_API_KEY: { provider: 'runpod', command: 'runpod config', read: readRunpodConfig },
};

/** The user's home as the given environment sees it, so tests (and sudo) can point it elsewhere. */
export function homeDir(env: NodeJS.ProcessEnv): string {
  return env['HOME'] || env['USERPROFILE'] || homedir();
}

/**
 * The token files `hf auth login` may have written, tried in order: `$HF_TOKEN_PATH`,
 * `$HF_HOME/token`, `~/.cache/huggingface/token`. (huggingface_hub itself reads only the first
 * that is configured; the generated resolvers, and so `check`, fall through to the next.)
 */
export function huggingFaceTokenPaths(env: NodeJS.ProcessEnv): string[] {
  const paths: string[] = [];
  if (env['HF_TOKEN_PATH']) paths.push(env['HF_TOKEN_PATH']);
  if (env['HF_HOME']) paths.push(join(env['HF_HOME'], 'token'));
  paths.push(join(homeDir(env), '.cache', 'huggingface', 'token'));
  return paths;
}

function readHuggingFaceToken(env: NodeJS.ProcessEnv): LoginSecret | undefined {
  for (const file of huggingFaceTokenPaths(env)) {
    const value = readOptional(file)?.trim();
    if (value) return { value, file };
  }
  return undefined;
}

export const WANDB_NETRC_MACHINE = 'api.wandb.ai';

/** `$NETRC`, else `~/.netrc` (`~/_netrc` on Windows), as wandb and Python's netrc read it. */
export function netrcPath(env: NodeJS.ProcessEnv): string {
  if (env['NETRC']) return env['NETRC'];
  return join(homeDir(env), process.platform === 'win32' ? '_netrc' : '.netrc');
}

function readWandbNetrc(env: NodeJS.ProcessEnv): LoginSecret | undefined {
  const file = netrcPath(env);
  const text = readOptional(file);
  if (text === undefined) return undefined;
  const value = netrcPassword(parseNetrc(text), WANDB_NETRC_MACHINE);
  return value ? { value, file, detail: `machine ${WANDB_NETRC_MACHINE}` } : undefined;
}

export function runpodConfigPath(env: NodeJS.ProcessEnv): string {
  return join(homeDir(env), '.runpod', 'config.toml');
}

/**
 * runpod-python writes `[default]` / `api_key = "…"`, runpodctl a top-level `apikey = "…"`; the
 * first such assignment in the file wins, whatever its section.
 */
function readRunpodConfig(env: NodeJS.ProcessEnv): LoginSecret | undefined {
  const file = runpodConfigPath(env);
  const text = readOptional(file);
  if (text === undefined) return undefined;
  const found = firstTomlString(text, ['api_key', 'apikey']);
  return found ? { value: found.value, file, detail: found.section ? `[${found.section}] ${found.key}` : found.key } : undefined;
}

/**
 * Just enough TOML for a credentials file: `[section]` headers and `key = "string"` pairs (basic
 * or literal strings, or a bare word). Returns the first non-empty pair whose key is wanted.
 */
export function firstTomlString(text: string, keys: readonly string[]): { section: string; key: string; value: string } | undefined {
  let section = '';
  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = rawLine.trim();
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header?.[1] !== undefined) {
      section = header[1].replace(/^"(.*)"$/, '$1');
      continue;
    }
    const pair = /^([A-Za-z0-9_-]+)\s*=\s*(?:"((?:\\.|[^"\\])*)"|'([^']*)'|([^\s#]+))/.exec(line);
    if (!pair?.[1] || !keys.includes(pair[1])) continue;
    const value = (pair[2]?.replace(/\\(.)/g, '$1') ?? pair[3] ?? pair[4] ?? '').trim();
    if (value) return { section, key: pair[1], value };
  }
  return undefined;
}

function readOptional(file: string): string | undefined {
  const read = readRegularFile(file, CONFIG_FILE_CAP);
  return read.kind === 'ok' ? read.data.toString('utf8') : undefined;
}
