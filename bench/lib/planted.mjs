// A fast wrong answer does not count: the benchmark checks leakguard's findings against the
// tokens the generators planted, and says which differ (by place, never by value).
import { writeFileSync } from 'node:fs';
import { stripLookarounds } from './peers.mjs';

/** The rules whose tokens the corpus plants (bench/lib/secrets.mjs), for ripgrep's "main token patterns". */
const MAIN_TOKEN_RULES = [
  'huggingface-user-token',
  'huggingface-org-api-token',
  'wandb-api-key-v1',
  'runpod-api-key',
  'openai-api-key',
  'anthropic-api-key',
  'github-pat',
  'aws-access-key-id',
];

/** Writes the main token patterns for `rg -f`. @param {{ id: string, regex: string }[]} rules @param {string} file */
export function mainTokenPatterns(rules, file) {
  const chosen = rules.filter((rule) => MAIN_TOKEN_RULES.includes(rule.id));
  writeFileSync(file, `${chosen.map((rule) => stripLookarounds(rule.regex)).join('\n')}\n`);
  return { file, ids: chosen.map((rule) => rule.id) };
}

const short = (token) => `${token.slice(0, 4)}…`;

/**
 * Tree: the findings are exactly the planted tokens, each at its path and line.
 * @param {{ path: string, line: number, secret: string }[]} findings
 * @param {{ secrets: { path: string, line: number, token: string }[] }} manifest
 * @param {string} label @param {{ label: string, ok: boolean, detail: string }[]} checks
 */
export function treeCheck(findings, manifest, label, checks) {
  const key = (path, line, token) => `${path}:${line}\0${token}`;
  const found = new Set(findings.map((f) => key(f.path, f.line, f.secret)));
  const planted = new Set(manifest.secrets.map((s) => key(s.path, s.line, s.token)));
  record(checks, label, found, planted);
  return findings.length;
}

/**
 * History: every planted token is found (once: a token committed in several commits is one
 * finding), and nothing else is.
 * @param {{ secret: string }[]} findings @param {{ secrets: { token: string }[] }} manifest
 * @param {string} label @param {{ label: string, ok: boolean, detail: string }[]} checks
 */
export function historyCheck(findings, manifest, label, checks) {
  record(checks, label, new Set(findings.map((f) => f.secret)), new Set(manifest.secrets.map((s) => s.token)));
  return findings.length;
}

function record(checks, label, found, planted) {
  const missing = [...planted].filter((item) => !found.has(item));
  const extra = [...found].filter((item) => !planted.has(item));
  const describe = (items) => items.slice(0, 5).map((item) => (item.includes('\0') ? `${item.split('\0')[0]} ${short(item.split('\0')[1] ?? '')}` : short(item))).join(', ');
  const ok = missing.length === 0 && extra.length === 0;
  checks.push({ label, ok, detail: ok ? '' : `missing ${missing.length} (${describe(missing)}), unexpected ${extra.length} (${describe(extra)})` });
}
