import { homedir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_FILE_CAP, readRegularFile } from '../util/safe-read.js';
import { ConfigError } from '../util/errors.js';
import { describeJsonError } from '../util/json-error.js';

/**
 * Settings only the user may choose, never a repository: a cloned `.leakguard.json` (or a hook
 * command that passes `--config`) must not make every contributor's commits send their staged
 * secrets over the network.
 */
export interface UserSettings {
  verifyOnCommit: boolean;
  /** The file they came from, when there was one. */
  source?: string;
}

export const VERIFY_ON_COMMIT_ENV = 'LEAKGUARD_VERIFY_ON_COMMIT';

/** `$XDG_CONFIG_HOME/leakguard/config.json`, else `~/.config/leakguard/config.json`. */
export function userConfigFile(env: NodeJS.ProcessEnv): string {
  const xdg = env['XDG_CONFIG_HOME'];
  const base = xdg && xdg.startsWith('/') ? xdg : join(env['HOME'] || homedir(), '.config');
  return join(base, 'leakguard', 'config.json');
}

/** The environment variable wins over the file; `1`/`true` turn verification on, `0`/`false` off. */
export function loadUserSettings(env: NodeJS.ProcessEnv): UserSettings {
  const fromEnv = env[VERIFY_ON_COMMIT_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    const value = fromEnv.trim().toLowerCase();
    if (value === '1' || value === 'true') return { verifyOnCommit: true };
    if (value === '0' || value === 'false') return { verifyOnCommit: false };
    throw new ConfigError(`${VERIFY_ON_COMMIT_ENV}: expected 1, 0, true or false`);
  }
  const file = userConfigFile(env);
  const read = readRegularFile(file, CONFIG_FILE_CAP);
  if (read.kind === 'error' && (read.code === 'ENOENT' || read.code === 'ENOTDIR')) return { verifyOnCommit: false };
  if (read.kind !== 'ok') throw new ConfigError(`cannot read user config ${file}: ${read.kind === 'error' ? read.code : 'not a regular file of at most 4 MiB'}`);
  const text = read.data.toString('utf8').replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ConfigError(`invalid user config ${file}: ${describeJsonError(text)}`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new ConfigError(`invalid user config ${file}: expected an object`);
  const value = (data as Record<string, unknown>)['verifyOnCommit'];
  if (value !== undefined && typeof value !== 'boolean') throw new ConfigError(`invalid user config ${file}: verifyOnCommit: expected a boolean`);
  return { verifyOnCommit: value === true, source: file };
}
