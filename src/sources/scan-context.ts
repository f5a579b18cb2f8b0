import type { Config, Rule, ScanNote } from '../types/index.js';
import { relative } from 'node:path';
import { effectiveRules, findConfigFile, loadConfig } from '../config/load.js';
import { loadBuiltinRules, loadBuiltinShapes } from '../rules/builtin.js';
import { compileRules, type CompiledRules } from '../scanner/index.js';

/** Config → rules → compiled rules: what every scan (tree, staged, history) starts from. */
export interface ScanContext {
  config: Config;
  rules: Rule[];
  compiled: CompiledRules;
  allowValues: ReadonlySet<string>;
  /** Config `ignorePaths`, as a predicate on repository paths. */
  isIgnored: (path: string) => boolean;
  /** Warnings about the config itself (settings a repository file may not make). */
  notes: ScanNote[];
}

/**
 * Loads the config (from `configFile`, or the nearest `.leakguard.json`) and compiles the rules.
 * micromatch is imported only when a glob is configured: the pre-commit hook pays for every
 * module it loads.
 */
export async function loadScanContext(cwd: string, configFile?: string): Promise<ScanContext> {
  return scanContextFor(await loadScanConfig(cwd, configFile), cwd);
}

/** The config alone: enough to start git (its size limit) before the rules compile. */
export function loadScanConfig(cwd: string, configFile?: string): Promise<Config> {
  return loadConfig(cwd, configFile ?? findConfigFile(cwd));
}

/** Rules from a loaded config, compiled. */
export async function scanContextFor(config: Config, cwd: string): Promise<ScanContext> {
  const rules = effectiveRules(loadBuiltinRules(), config);
  const needsGlobs = config.ignorePaths.length > 0 || rules.some((rule) => rule.paths && rule.paths.length > 0);
  const globMatcher = needsGlobs ? (await import('../util/globs.js')).globMatcher : undefined;
  return {
    config,
    rules,
    compiled: compileRules(rules, globMatcher, { guarded: new Set(config.unprovenRules), shapes: loadBuiltinShapes() }),
    allowValues: new Set(config.allowValues),
    isIgnored: globMatcher && config.ignorePaths.length > 0 ? globMatcher(config.ignorePaths) : () => false,
    notes: config.verifyOnCommit ? [ignoredVerifyOnCommit(config, cwd)] : [],
  };
}

/** The repository asked for network verification on commit, which only the user may turn on. */
function ignoredVerifyOnCommit(config: Config, cwd: string): ScanNote {
  return {
    path: config.source ? relative(cwd, config.source) || config.source : '.leakguard.json',
    reason: 'config',
    detail:
      'verifyOnCommit is ignored in a repository config (it would send staged secrets over the network); ' +
      'set it in ~/.config/leakguard/config.json or LEAKGUARD_VERIFY_ON_COMMIT=1',
  };
}
