import type { Config } from '../../types/index.js';
import { effectiveRules, findConfigFile, loadConfig } from '../../config/load.js';
import { loadBuiltinRules } from '../../rules/builtin.js';
import { compileRules, type CompiledRules } from '../../scanner/index.js';

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
