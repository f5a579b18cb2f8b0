import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Rule } from '../types/index.js';
import type { Linearity } from '../rules/linearity.js';
import { ConfigError } from '../util/errors.js';
import { cacheDir } from './cache-dir.js';

/**
 * User rules get the proof the built-in rules get in the test suite (rules/linearity.ts) when
 * the config loads: a rule that may take super-linear time is refused; one the checker cannot
 * decide is accepted and runs under the interrupting guard (scanner/budget.ts).
 *
 * The checker takes about 0.1–2 s per regex, too much for every commit, so verdicts are cached
 * by checker version, flags and source (a regex that changes is checked again).
 */
export interface UserRuleVerdicts {
  /** Ids of rules the checker could not prove linear. */
  unproven: string[];
}

// Bump when the proof's shape (regex-shape.ts, linearity.ts) changes: old verdicts no longer apply.
const PROOF_VERSION = 1;

function checkerVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    return (require('recheck/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function linearityCacheFile(): string {
  return join(cacheDir(process.env), 'linearity.json');
}

type Cache = Record<string, Linearity>;

function readCache(file: string): Cache {
  try {
    const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Cache) : {};
  } catch {
    return {};
  }
}

/** Best effort: a read-only home only means the next run checks again. */
function writeCache(file: string, cache: Cache): void {
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(cache)}\n`, { mode: 0o600 });
    renameSync(temporary, file);
  } catch {
    // Not cached; still correct.
  }
}

function compiles(rule: Rule): boolean {
  try {
    new RegExp(rule.regex, rule.caseInsensitive ? 'i' : '');
    return true;
  } catch {
    return false;
  }
}

export async function checkUserRules(rules: readonly Rule[], configFile: string): Promise<UserRuleVerdicts> {
  if (rules.length === 0) return { unproven: [] };
  const file = linearityCacheFile();
  const cache = readCache(file);
  const version = `${PROOF_VERSION}/${checkerVersion()}`;
  let changed = false;
  const unproven: string[] = [];
  for (const rule of rules) {
    if (!compiles(rule)) continue; // compileRules reports it, with the rule's name
    const key = createHash('sha256').update(`${version}\0${rule.caseInsensitive ? 'i' : ''}\0${rule.regex}`).digest('hex');
    let verdict = cache[key];
    if (!verdict) {
      const { checkLinearity } = await import('../rules/linearity.js');
      verdict = await checkLinearity(rule.regex, rule.caseInsensitive === true, { timeout: 10_000 });
      cache[key] = verdict;
      changed = true;
    }
    if (verdict.status === 'vulnerable') {
      if (changed) writeCache(file, cache);
      throw new ConfigError(`invalid config ${configFile}: rule "${rule.id}": regex may take super-linear time on some input (${verdict.detail.slice(0, 160)}); bound or simplify it`);
    }
    if (verdict.status === 'unknown') unproven.push(rule.id);
  }
  if (changed) writeCache(file, cache);
  return { unproven };
}
