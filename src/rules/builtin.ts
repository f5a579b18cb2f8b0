import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Rule } from '../types/index.js';
import { packageRoot } from '../util/package-root.js';
import type { RuleShape, RuleShapes } from '../scanner/shapes.js';

let cached: Rule[] | undefined;

/**
 * Built-in rules. The build turns rules/*.yaml into dist/rules.json so the hook never pays for a
 * YAML parser; from a source checkout without a build we read the YAML directly.
 */
export function loadBuiltinRules(): Rule[] {
  if (cached) return cached;
  const root = packageRoot();
  const built = join(root, 'dist', 'rules.json');
  cached = existsSync(built) && !process.env['LEAKGUARD_RULES_FROM_YAML']
    ? (JSON.parse(readFileSync(built, 'utf8')) as Rule[])
    : readRuleYaml(join(root, 'rules'));
  return cached;
}

let cachedShapes: RuleShapes | undefined;

/**
 * The built-in rules' regex shapes as the build recorded them (dist/rule-shapes.json, written
 * with dist/rules.json), so no scan reads the built-in regexes again (scanner/shapes.ts). None
 * without a build: each rule is then read on first use.
 */
export function loadBuiltinShapes(): RuleShapes {
  if (cachedShapes) return cachedShapes;
  const built = join(packageRoot(), 'dist', 'rule-shapes.json');
  const entries = existsSync(built) ? (JSON.parse(readFileSync(built, 'utf8')) as [string, RuleShape][]) : [];
  cachedShapes = new Map(entries);
  return cachedShapes;
}

export function readRuleYaml(dir: string): Rule[] {
  // yaml is only needed here, on the no-build path; keep it off the hook's import graph.
  const require = createRequire(import.meta.url);
  const { parse } = require('yaml') as typeof Yaml;
  const rules: Rule[] = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.yaml')).sort()) {
    const data: unknown = parse(readFileSync(join(dir, file), 'utf8'));
    if (!Array.isArray(data)) throw new Error(`rules/${file}: expected a list of rules`);
    rules.push(...(data as Rule[]));
  }
  return rules;
}
