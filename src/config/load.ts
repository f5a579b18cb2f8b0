import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config, Rule } from '../types/index.js';
import { ConfigError } from '../util/errors.js';
import { redact } from '../findings/redact.js';
import { describeJsonError } from '../util/json-error.js';
import { CONFIG_FILE_CAP, readRegularFile } from '../util/safe-read.js';

export const CONFIG_FILE = '.leakguard.json';

export function defaultConfig(): Config {
  return {
    rules: [],
    disabledRules: [],
    ignorePaths: [],
    allowValues: [],
    maxFileSize: 2 * 1024 * 1024,
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

/** `.leakguard.json` in `cwd` or the nearest ancestor, stopping at the repository root. */
export function findConfigFile(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(dir, '.git'))) return undefined; // a directory, or a file in a linked worktree
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
