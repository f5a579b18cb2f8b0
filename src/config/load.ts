import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config, Rule } from '../types/index.js';
import { ConfigError } from '../util/errors.js';

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
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!explicitFile && (code === 'ENOENT' || code === 'ENOTDIR')) return defaultConfig();
    throw new ConfigError(`cannot read config ${file}: ${code ?? (error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ConfigError(`invalid config ${file}: not JSON (${(error as Error).message})`);
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
    if (!byId.has(id)) throw new ConfigError(`invalid config ${config.source ?? CONFIG_FILE}: disabledRules: unknown rule "${id}"`);
  }
  return [...byId.values()].filter((rule) => !disabled.has(rule.id));
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
