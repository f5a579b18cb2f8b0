import { join, resolve } from 'node:path';
import type { Config, Rule } from '../types/index.js';
import { ConfigError } from '../util/errors.js';
import { redact } from '../findings/redact.js';
import { describeJsonError } from '../util/json-error.js';
import { CONFIG_FILE_CAP, readRegularFile } from '../util/safe-read.js';
import { CONFIG_FILE, DEFAULT_MAX_FILE_SIZE } from './config-file.js';

export { CONFIG_FILE, findConfigFile } from './config-file.js';

export function defaultConfig(): Config {
  return {
    rules: [],
    disabledRules: [],
    ignorePaths: [],
    allowValues: [],
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
    verifyOnCommit: false,
  };
}

/**
 * Reads `.leakguard.json` from `root` (or the explicit file). The schema library is imported only
 * when a config file exists, so repositories without one start faster.
 */
export async function loadConfig(root: string, explicitFile?: string): Promise<Config> {
  const file = explicitFile ? resolve(explicitFile) : join(root, CONFIG_FILE);
  // Bounded and regular files only: a .leakguard.json that is a FIFO, or a symlink to
  // /dev/zero, must neither hang the hook nor fill memory.
  const read = readRegularFile(file, CONFIG_FILE_CAP);
  if (read.kind === 'error') {
    if (!explicitFile && (read.code === 'ENOENT' || read.code === 'ENOTDIR')) return defaultConfig();
    throw new ConfigError(`cannot read config ${file}: ${read.code}`);
  }
  if (read.kind === 'not-regular') throw new ConfigError(`cannot read config ${file}: not a regular file`);
  if (read.kind !== 'ok') throw new ConfigError(`cannot read config ${file}: larger than ${CONFIG_FILE_CAP} bytes`);
  const text = read.data.toString('utf8').replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // Never V8's message: it quotes the text around the error, which is often a pasted token.
    throw new ConfigError(`invalid config ${file}: ${describeJsonError(text)}`);
  }
  const { validateConfig } = await import('./schema.js');
  const config = validateConfig(data, file);
  if (config.rules.length > 0) {
    // Only now: recheck is heavy, and most configs add no rules.
    const { checkUserRules } = await import('./rule-check.js');
    const { unproven } = await checkUserRules(config.rules, file);
    if (unproven.length > 0) config.unprovenRules = unproven;
  }
  return config;
}

/** Built-in rules, with the user's overrides by id, additions, and disabled ids removed. */
export function effectiveRules(builtin: Rule[], config: Config): Rule[] {
  const byId = new Map(builtin.map((rule) => [rule.id, rule]));
  for (const rule of config.rules) byId.set(rule.id, rule);
  const disabled = new Set(config.disabledRules);
  for (const id of disabled) {
    if (!byId.has(id)) throw new ConfigError(`invalid config ${config.source ?? CONFIG_FILE}: disabledRules: unknown rule "${quotable(id)}"`);
  }
  return [...byId.values()].filter((rule) => !disabled.has(rule.id));
}

/** A rule id as typed, unless it does not look like one: then it may be a pasted secret. */
function quotable(text: string): string {
  return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(text) && text.length <= 64 ? text : redact(text);
}

