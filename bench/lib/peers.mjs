// The peers leakguard is measured against, and how each is given the same job: ripgrep with our
// rule patterns, secretlint 13 with its recommended preset, gitleaks when a binary is on PATH.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const CACHE_DIR = fileURLToPath(new URL('../.cache/', import.meta.url));

/** @param {string} name */
export function onPath(name) {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** @param {string} cmd @param {string[]} args */
export function versionOf(cmd, args = ['--version']) {
  const out = spawnSync(cmd, args, { encoding: 'utf8' });
  return out.status === 0 ? out.stdout.trim().split('\n')[0] : undefined;
}

/**
 * Removes lookaround groups from a JavaScript regex source: ripgrep's default engine (Rust regex)
 * has none. The pattern then matches a little more than ours (no boundary checks), never less.
 * @param {string} source
 */
export function stripLookarounds(source) {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    if (/^\(\?(?:=|!|<=|<!)/.test(source.slice(i, i + 4))) {
      i = closingParen(source, i);
      continue;
    }
    const char = source[i];
    if (char === '\\') {
      out += char + (source[i + 1] ?? '');
      i++;
      continue;
    }
    out += char;
  }
  return out;
}

function closingParen(source, open) {
  let depth = 0;
  let inClass = false;
  for (let j = open; j < source.length; j++) {
    const char = source[j];
    if (char === '\\') j++;
    else if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return j;
  }
  return source.length;
}

/**
 * Pattern files for `rg -f`: one for the default engine (lookarounds stripped) and one for PCRE2
 * (`-P`, the patterns as written). Each pattern is tried alone first; ones rg rejects are skipped
 * and reported.
 * @param {{ id: string, regex: string, caseInsensitive?: boolean }[]} rules
 */
export function ripgrepPatterns(rules) {
  mkdirSync(CACHE_DIR, { recursive: true });
  const empty = join(CACHE_DIR, 'empty.txt');
  writeFileSync(empty, '');
  const engines = { default: { flags: [], convert: stripLookarounds }, pcre2: { flags: ['-P'], convert: (s) => s } };
  const out = {};
  for (const [name, engine] of Object.entries(engines)) {
    const kept = [];
    const skipped = [];
    for (const rule of rules) {
      const pattern = `${rule.caseInsensitive ? '(?i)' : ''}${engine.convert(rule.regex)}`;
      const probe = spawnSync('rg', [...engine.flags, '-e', pattern, '--', empty], { encoding: 'utf8' });
      if (probe.status === 2) skipped.push(`${rule.id} (${(probe.stderr.trim().split('\n').pop() ?? '').slice(0, 80)})`);
      else kept.push(pattern);
    }
    const file = join(CACHE_DIR, `rg-patterns-${name}.txt`);
    writeFileSync(file, `${kept.join('\n')}\n`);
    out[name] = { file, flags: engine.flags, count: kept.length, skipped };
  }
  return out;
}

/** Flags that make ripgrep read what leakguard reads: dot files, no .git, leakguard's size cap. */
export const RG_TREE_FLAGS = ['--hidden', '--no-messages', '--max-filesize', '2M', '-g', '!.git', '--count-matches'];

/** Sum of `path:count` lines from `rg --count-matches`. @param {string} stdout */
export function ripgrepCount(stdout) {
  let total = 0;
  for (const line of stdout.split('\n')) {
    const count = Number(line.slice(line.lastIndexOf(':') + 1));
    if (line && Number.isFinite(count)) total += count;
  }
  return total;
}

export function secretlintBin() {
  const pkg = require.resolve('secretlint/package.json');
  return { bin: join(dirname(pkg), 'bin', 'secretlint.js'), version: require('secretlint/package.json').version };
}

/** A .secretlintrc.json with the recommended preset, outside the scanned tree. */
export function secretlintConfig() {
  mkdirSync(CACHE_DIR, { recursive: true });
  const file = join(CACHE_DIR, 'secretlintrc.json');
  writeFileSync(file, `${JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }, null, 2)}\n`);
  return file;
}

/** From stylish output: "✖ 45 problems (45 errors, …)"; nothing printed means none. @param {string} stdout */
export function secretlintCount(stdout) {
  const match = /(\d+) problems?\b/.exec(stdout);
  return match ? Number(match[1]) : 0;
}
