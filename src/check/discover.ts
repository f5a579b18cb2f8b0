/**
 * Which variables a repository needs: those named in `.env.example` files, those in the tables
 * and calls of generated resolvers, and the canonical variable of every rule whose provider the
 * code talks to. Reads each candidate file once; values are never kept.
 */
import { readdirSync } from 'node:fs';
import { readRegularFile } from '../util/safe-read.js';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { Rule } from '../types/index.js';
import { bufferToText, hasBinaryExtension, toPosix } from '../sources/files.js';
import { parseDotenv } from './dotenv.js';

export type Origin =
  | { kind: 'example'; path: string }
  | { kind: 'resolver'; path: string }
  | { kind: 'code'; provider: string; path: string };

export interface DiscoveredVariable {
  name: string;
  /** Listed in a `.env.example`: `check` exits 1 when it does not resolve. */
  required: boolean;
  origins: Origin[];
}

export interface RepoFile {
  /** Path relative to the repository root, `/`-separated. */
  path: string;
  absolute: string;
}

export interface DiscoverOptions {
  root: string;
  cwd: string;
  files: readonly RepoFile[];
  rules: readonly Rule[];
  maxFileSize: number;
}

export interface ExampleFile {
  /** Path relative to the repository root. */
  path: string;
  absolute: string;
  text: string;
}

export interface Discovery {
  variables: DiscoveredVariable[];
  examples: ExampleFile[];
  /** Alias groups from generated resolvers (canonical first), to resolve names as they do. */
  resolverGroups: string[][];
}

const RESOLVER_FILE = /^(?:secret_resolver\.py|secret-resolver\.(?:ts|js|mjs|cjs))$/;
/** Keys of a resolver's variable table written as a mapping: `"HF_TOKEN": …`. */
const RESOLVER_TABLE_KEY = /["']([A-Z_][A-Z0-9_]*)["']\s*:/g;
/**
 * Alias groups of the generated resolvers' table: `(("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"), …)`
 * in Python, `{ names: ["HF_TOKEN", …], … }` in TS/JS. The table lists every credential the
 * resolver knows, used here or not, so it teaches names, not which variables the repo needs.
 */
const RESOLVER_GROUP = /(?:\(\s*\(|\bnames\s*:\s*\[)\s*((?:["'][A-Z_][A-Z0-9_]*["']\s*,\s*)*["'][A-Z_][A-Z0-9_]*["'])\s*,?\s*[)\]]/g;
const QUOTED_NAME = /["']([A-Z_][A-Z0-9_]*)["']/g;
/** `get_secret("HF_TOKEN")` in Python, `getSecret("HF_TOKEN")` in TS/JS, wherever they are called. */
const RESOLVER_CALL = /\b(?:get_secret|getSecret)\(\s*["'`]([A-Za-z_][A-Za-z0-9_]*)["'`]/g;
/** Rules of this provider catch shapes, not services: their keywords say nothing about usage. */
const GENERIC_PROVIDERS = new Set(['generic']);

export function isExampleFile(name: string): boolean {
  return name === '.env.example' || name === 'env.example' || /^\.env\.[^/]+\.example$/.test(name);
}

export function discoverVariables(options: DiscoverOptions): Discovery {
  const found = new Map<string, DiscoveredVariable>();
  const add = (name: string, origin: Origin, required = false): void => {
    const variable = found.get(name) ?? { name, required: false, origins: [] };
    variable.required ||= required;
    if (!variable.origins.some((known) => sameOrigin(known, origin))) variable.origins.push(origin);
    found.set(name, variable);
  };

  const examples = findExampleFiles(options.root, options.cwd);
  const credentialNames = new Set(options.rules.flatMap((rule) => [rule.envVar, ...(rule.envAliases ?? [])]));
  for (const example of examples) {
    for (const entry of parseDotenv(example.text)) {
      // Templates also carry the providers' settings (WANDB_ENTITY, WANDB_PROJECT): listed, but a
      // missing setting is not a missing credential.
      const setting = PROVIDER_SETTING.test(entry.name) && !credentialNames.has(entry.name);
      add(entry.name, { kind: 'example', path: example.path }, !setting);
    }
  }

  const usage = new CodeUsage(options.rules);
  const resolverGroups: string[][] = [];
  for (const file of options.files) {
    if (hasBinaryExtension(file.path) || isSecretFile(file.path) || isExampleFile(basename(file.path)) || isToolingFile(file.path)) continue;
    const text = readText(file.absolute, options.maxFileSize);
    if (text === undefined) continue;
    if (RESOLVER_FILE.test(basename(file.path))) {
      // Calls inside the resolver are its own documentation (`get_secret("HF_TOKEN") returns…`).
      for (const match of text.matchAll(RESOLVER_TABLE_KEY)) add(match[1] ?? '', { kind: 'resolver', path: file.path });
      for (const match of text.matchAll(RESOLVER_GROUP)) {
        resolverGroups.push([...(match[1] ?? '').matchAll(QUOTED_NAME)].map((name) => name[1] ?? ''));
      }
      continue;
    }
    for (const match of text.matchAll(RESOLVER_CALL)) add(match[1] ?? '', { kind: 'resolver', path: file.path });
    usage.observe(file.path, text);
  }
  for (const { envVar, provider, path } of usage.variables()) add(envVar, { kind: 'code', provider, path });

  return { variables: [...found.values()], examples, resolverGroups };
}

/**
 * `.env.example`, `env.example` and `.env.<name>.example` in the working directory and each
 * directory above it up to the repository root: the templates that apply where the code runs.
 */
export function findExampleFiles(root: string, cwd: string): ExampleFile[] {
  const files: ExampleFile[] = [];
  for (const dir of directoriesUpTo(cwd, root).reverse()) {
    let names: string[];
    try {
      names = readdirSync(dir).filter(isExampleFile).sort(exampleOrder);
    } catch {
      continue;
    }
    for (const name of names) {
      const absolute = join(dir, name);
      const text = readText(absolute, Number.POSITIVE_INFINITY);
      if (text !== undefined) files.push({ path: toPosix(relative(root, absolute)) || name, absolute, text });
    }
  }
  return files;
}

/**
 * Tracks, per rule, whether the code uses its provider: the rule's variable (or an alias) is
 * named somewhere, or one of its keywords occurs in a file that also names the provider. The
 * provider-name guard keeps common keywords (`local-` for W&B Server keys, `username` for
 * Kaggle) from claiming repositories that never touch the service.
 */
class CodeUsage {
  private readonly rules: Rule[];
  private readonly hits = new Map<string, { provider: string; path: string }>();

  constructor(rules: readonly Rule[]) {
    this.rules = rules.filter((rule) => rule.envVar);
  }

  observe(path: string, text: string): void {
    let lower: string | undefined;
    for (const rule of this.rules) {
      if (this.hits.has(rule.envVar)) continue;
      if ([rule.envVar, ...(rule.envAliases ?? [])].some((name) => text.includes(name))) {
        this.hits.set(rule.envVar, { provider: rule.provider, path });
        continue;
      }
      if (GENERIC_PROVIDERS.has(rule.provider)) continue;
      lower ??= text.toLowerCase();
      const provider = rule.provider.toLowerCase();
      if (lower.includes(provider) && rule.keywords.some((keyword) => lower?.includes(keyword.toLowerCase()))) {
        this.hits.set(rule.envVar, { provider: rule.provider, path });
      }
    }
  }

  /** In rule order, one entry per variable. */
  variables(): { envVar: string; provider: string; path: string }[] {
    const result: { envVar: string; provider: string; path: string }[] = [];
    for (const rule of this.rules) {
      const hit = this.hits.get(rule.envVar);
      if (hit && !result.some((entry) => entry.envVar === rule.envVar)) result.push({ envVar: rule.envVar, ...hit });
    }
    return result;
  }
}

/** Non-secret settings of the ML providers that sit next to their keys in templates. */
const PROVIDER_SETTING =
  /^(?:WANDB_(?:ENTITY|PROJECT|BASE_URL|MODE|DIR|RUN_GROUP|JOB_TYPE|TAGS|NAME|NOTES|HOST|SILENT|LOG_MODEL|WATCH|DISABLED)|HF_(?:HOME|ENDPOINT|HUB_[A-Z_]+|DATASETS_[A-Z_]+)|HUGGINGFACE_HUB_CACHE|TRANSFORMERS_[A-Z_]+|TOKENIZERS_PARALLELISM|RUNPOD_(?:POD_ID|ENDPOINT_ID|ENDPOINT))$/;

/**
 * Ignore files and leakguard's own directory name credentials without using them: a
 * `.gitignore` line is no evidence that the code talks to W&B.
 */
function isToolingFile(path: string): boolean {
  const name = basename(path);
  return name === '.gitignore' || name === '.dockerignore' || path.startsWith('.leakguard/');
}

/** `.env` and friends hold values, not usage; reading them here would only risk a leak. */
function isSecretFile(path: string): boolean {
  const name = basename(path);
  return (name === '.env' || name.startsWith('.env.')) && !isExampleFile(name);
}

/** Regular files only, bounded: a `.env.example` that is a FIFO or links to /dev/zero is passed over. */
function readText(absolute: string, maxSize: number): string | undefined {
  const read = readRegularFile(absolute, maxSize);
  return read.kind === 'ok' ? bufferToText(read.data) : undefined;
}

function directoriesUpTo(from: string, top: string): string[] {
  const dirs: string[] = [];
  const stop = resolve(top);
  let dir = resolve(from);
  // Outside the repository (cwd not under root) only the working directory itself is searched.
  const inside = dir === stop || dir.startsWith(stop.endsWith(sep) ? stop : stop + sep);
  for (;;) {
    dirs.push(dir);
    if (!inside || dir === stop) break;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return dirs;
}

function exampleOrder(a: string, b: string): number {
  const rank = (name: string): number => (name === '.env.example' ? 0 : name === 'env.example' ? 1 : 2);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function sameOrigin(a: Origin, b: Origin): boolean {
  return a.kind === b.kind && a.path === b.path;
}
