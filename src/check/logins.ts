/**
 * The credential files that providers' own CLIs write (`hf auth login`, `wandb login`,
 * `runpod config` / `runpodctl config`). They are the last place a credential resolves from, so
 * a user who logged in once does not also need the value in `.env`.
 */
import { readFileSync } from 'node:fs';
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
 * huggingface_hub's own precedence (`constants.py`): `$HF_TOKEN_PATH`, else `$HF_HOME/token`,
 * else `$XDG_CACHE_HOME/huggingface/token`, else `~/.cache/huggingface/token`. It reads exactly one
 * of these paths, so we do too.
 */
export function huggingFaceTokenPath(env: NodeJS.ProcessEnv): string {
  if (env['HF_TOKEN_PATH']) return env['HF_TOKEN_PATH'];
  const cache = env['XDG_CACHE_HOME'] || join(homeDir(env), '.cache');
  const hfHome = env['HF_HOME'] || join(cache, 'huggingface');
  return join(hfHome, 'token');
}

function readHuggingFaceToken(env: NodeJS.ProcessEnv): LoginSecret | undefined {
  const file = huggingFaceTokenPath(env);
  const value = readOptional(file)?.trim();
  return value ? { value, file } : undefined;
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

/** runpod-python writes `[default]` / `api_key = "…"`; runpodctl writes a top-level `apikey = "…"`. */
function readRunpodConfig(env: NodeJS.ProcessEnv): LoginSecret | undefined {
  const file = runpodConfigPath(env);
  const text = readOptional(file);
  if (text === undefined) return undefined;
  const found = readTomlKeys(text, ['default', ''], ['api_key', 'apikey']);
  return found ? { value: found.value, file, detail: found.section ? `[${found.section}] ${found.key}` : found.key } : undefined;
}

/**
 * Just enough TOML for a credentials file: `[section]` headers and `key = "string"` pairs
 * (basic or literal strings, or a bare word). Sections are searched in the given order.
 */
export function readTomlKeys(
  text: string,
  sections: readonly string[],
  keys: readonly string[],
): { section: string; key: string; value: string } | undefined {
  const values = new Map<string, string>();
  let section = '';
  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = rawLine.trim();
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header?.[1] !== undefined) {
      section = header[1].replace(/^"(.*)"$/, '$1');
      continue;
    }
    const pair = /^([A-Za-z0-9_-]+)\s*=\s*(?:"((?:\\.|[^"\\])*)"|'([^']*)'|([^\s#]+))/.exec(line);
    if (!pair?.[1]) continue;
    const value = pair[2]?.replace(/\\(.)/g, '$1') ?? pair[3] ?? pair[4] ?? '';
    values.set(`${section}\0${pair[1]}`, value);
  }
  for (const wanted of sections) {
    for (const key of keys) {
      const value = values.get(`${wanted}\0${key}`);
      if (value) return { section: wanted, key, value };
    }
  }
  return undefined;
}

function readOptional(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
