/**
 * `.env` and `.env.example`. We only ever append: an entry already in `.env` is never rewritten,
 * a user's comments and layout stay as they were. Values are written unquoted when they are
 * token-shaped (docker --env-file does not strip quotes), single-quoted otherwise.
 */
import { eolOf } from './text.js';

export interface DotenvEntry {
  key: string;
  value: string;
  /** The line as written, without its line break. */
  raw: string;
  /** The value is safe to `source` from a POSIX shell as written. */
  shellSafe: boolean;
}

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;

/** Parses dotenv text: `export` prefixes, quotes, comments, CRLF, BOM; the last duplicate wins. */
export function parseDotenv(text: string): DotenvEntry[] {
  const entries = new Map<string, DotenvEntry>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]!;
    const match = LINE.exec(raw);
    if (!match || raw.trimStart().startsWith('#')) continue;
    const key = match[1]!;
    let rest = match[2]!.trim();
    let value: string;
    let shellSafe = true;
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      let end = rest.indexOf(quote, 1);
      // A double-quoted value may span lines (PEM keys in .env files).
      while (end === -1 && quote === '"' && index + 1 < lines.length) {
        index++;
        rest += `\n${lines[index]!}`;
        end = rest.indexOf(quote, 1);
      }
      value = end === -1 ? rest.slice(1) : rest.slice(1, end);
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\(["\\$`])/g, '$1');
      if (end !== -1 && !/^\s*(?:#.*)?$/.test(rest.slice(end + 1))) shellSafe = false;
    } else {
      value = rest.replace(/\s+#.*$/, '').trim();
      shellSafe = !/[\s"'`$\\;&|<>()*?[\]{}!]/.test(value);
    }
    entries.set(key, { key, value, raw, shellSafe });
  }
  return [...entries.values()];
}

export function dotenvMap(text: string | undefined): Map<string, string> {
  return new Map(text === undefined ? [] : parseDotenv(text).map((entry) => [entry.key, entry.value]));
}

/** `KEY=value`, quoted only when the value needs it. */
export function formatEntry(key: string, value: string): string {
  if (/^[A-Za-z0-9_\-./+=:@,%~^]*$/.test(value)) return `${key}=${value}`;
  if (!value.includes("'") && !value.includes('\n')) return `${key}='${value}'`;
  return `${key}="${value.replace(/(["\\$`])/g, '\\$1').replace(/\n/g, '\\n')}"`;
}

export interface EnvAddition {
  name: string;
  value: string;
  provider: string;
}

const NEW_ENV_HEADER = [
  '# Local credentials for this project. Never commit this file: it is in .gitignore.',
  '# Written by `leakguard migrate`; see .env.example for the list of variables.',
];

/** A value only documentation showed: no variable, but not lost either. */
export interface KeptAside {
  /** The name its placeholder uses. */
  name: string;
  value: string;
  sites: readonly { path: string; line: number }[];
}

/**
 * Appends the missing entries, then the values only documentation showed as commented lines that
 * say where each was (a comment is no variable: no resolver or `set -a; . ./.env` sees it, yet
 * the value stays at hand until it is rotated). Returns undefined when nothing changes.
 */
export function mergeEnv(existing: string | undefined, additions: EnvAddition[], keptAside: readonly KeptAside[] = []): string | undefined {
  const present = dotenvMap(existing);
  const missing = additions.filter((addition) => !present.has(addition.name));
  const aside = keptAside.filter((entry, index) => !(existing ?? '').includes(entry.value) && keptAside.findIndex((other) => other.value === entry.value) === index);
  if (missing.length === 0 && aside.length === 0) return undefined;
  const eol = existing ? eolOf(existing) : '\n';
  const lines = missing.map((addition) => formatEntry(addition.name, addition.value));
  for (const entry of aside) {
    const where = entry.sites.map((site) => `${site.path}:${site.line}`).join(', ');
    lines.push(`# only in documentation (${where}), read by no code: rotate it, then delete these two lines`, `# ${formatEntry(entry.name, entry.value)}`);
  }
  if (existing === undefined || existing.replace(/^\uFEFF/, '').trim() === '') {
    return [...NEW_ENV_HEADER, ...lines, ''].join(eol);
  }
  const separator = existing.endsWith('\n') ? '' : eol;
  return `${existing}${separator}${eol}# added by leakguard migrate${eol}${lines.join(eol)}${eol}`;
}

export interface TemplateVariable {
  name: string;
  provider: string;
  docsUrl: string;
}

/** Names whose values are credentials even when no rule matched them. */
export function isSensitiveName(key: string): boolean {
  return /TOKEN|SECRET|PASSW|PASSWD|PWD|CREDENTIAL|API_?KEY|ACCESS_?KEY|PRIVATE|AUTH|(?:^|_)KEY(?:$|_)/i.test(key);
}

/**
 * Appends every variable missing from the template, each with an empty value and a comment naming
 * where to get it, plus the non-secret siblings of the local stores (`WANDB_PROJECT=demo`).
 */
export function mergeTemplate(existing: string | undefined, variables: TemplateVariable[], siblings: DotenvEntry[]): string | undefined {
  const present = new Set(existing === undefined ? [] : parseDotenv(existing).map((entry) => entry.key));
  const eol = existing ? eolOf(existing) : '\n';
  const lines: string[] = [];
  for (const variable of variables) {
    if (present.has(variable.name)) continue;
    present.add(variable.name);
    lines.push(`# ${providerLabel(variable.provider)}: create or rotate at ${variable.docsUrl}`, `${variable.name}=`);
  }
  const keep = new Map<string, DotenvEntry>();
  for (const entry of siblings) {
    if (!present.has(entry.key) && !isSensitiveName(entry.key) && !entry.value.includes('\n')) keep.set(entry.key, entry);
  }
  if (keep.size > 0) {
    lines.push('# Settings (not secrets)');
    for (const entry of keep.values()) lines.push(formatEntry(entry.key, entry.value));
  }
  if (lines.length === 0) return undefined;
  if (existing === undefined || existing.trim() === '') {
    return ['# Copy to .env and fill in the values; .env is gitignored. Generated by `leakguard migrate`.', ...lines, ''].join(eol);
  }
  const separator = existing.endsWith('\n') ? '' : eol;
  return `${existing}${separator}${eol}${lines.join(eol)}${eol}`;
}

const PROVIDER_LABELS: Record<string, string> = {
  huggingface: 'Hugging Face token',
  wandb: 'Weights & Biases API key',
  runpod: 'Runpod API key',
  openai: 'OpenAI API key',
  anthropic: 'Anthropic API key',
  github: 'GitHub token',
  aws: 'AWS credential',
  kaggle: 'Kaggle API key',
};

export function providerLabel(provider: string): string {
  return PROVIDER_LABELS[provider] ?? `${provider} credential`;
}

/** Existing template files, preferred first (H16: update an existing template, never add a second). */
export const TEMPLATE_CANDIDATES = ['.env.example', 'env.example', '.env.template', '.env_template', '.env.sample', 'example.env', '.env.dist'];
