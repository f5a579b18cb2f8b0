import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Baseline, Config } from '../../types/index.js';
import { CONFIG_FILE, effectiveRules, loadConfig } from '../../config/load.js';
import { loadBuiltinRules } from '../../rules/builtin.js';
import { compileRules, type CompiledRules } from '../../scanner/index.js';
import { isBaseline } from '../../findings/baseline.js';
import { LeakguardError } from '../../util/errors.js';

/**
 * Config → rules → compiled rules for the git scans. This mirrors engine.prepareScan, which the
 * sources layer may not import; it also keeps micromatch unloaded unless a glob is configured,
 * because the pre-commit hook pays for every module it loads.
 */
export interface GitScanContext {
  config: Config;
  compiled: CompiledRules;
  allowValues: ReadonlySet<string>;
  isIgnored: (path: string) => boolean;
}

export async function loadGitScanContext(cwd: string, configFile?: string): Promise<GitScanContext> {
  const config = await loadConfig(cwd, configFile ?? findConfigFile(cwd));
  const rules = effectiveRules(loadBuiltinRules(), config);
  const needsGlobs = config.ignorePaths.length > 0 || rules.some((rule) => rule.paths && rule.paths.length > 0);
  const globMatcher = needsGlobs ? (await import('../../util/globs.js')).globMatcher : undefined;
  return {
    config,
    compiled: compileRules(rules, globMatcher),
    allowValues: new Set(config.allowValues),
    isIgnored: globMatcher && config.ignorePaths.length > 0 ? globMatcher(config.ignorePaths) : () => false,
  };
}

/** `.leakguard.json` in `cwd` or the nearest ancestor, stopping at the repository root. */
function findConfigFile(cwd: string): string | undefined {
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

export function readBaselineFile(file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LeakguardError(`cannot read baseline ${file}: ${code ?? 'not JSON'}`);
  }
  if (!isBaseline(data)) throw new LeakguardError(`invalid baseline ${file}: expected {version: 1, salt, entries}`);
  return data;
}
