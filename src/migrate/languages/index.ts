/**
 * Which rewriter handles a file. Modules are imported only when a file of their kind holds a
 * finding, so a migration of shell scripts never loads ts-morph or tree-sitter. Order matters:
 * a credential store is untracked whatever its extension (`_local_secrets.py`, `kaggle.json`).
 */
import type { LanguageSupport } from '../types.js';
import { isCredentialStorePath } from './credential-file.js';
import { isShellPath } from './shell/index.js';
import { isDocsPath } from './markdown.js';
import { isRequirementsPath } from './requirements.js';
import { isConfigPath } from './config-file.js';

interface LanguageEntry {
  name: string;
  /** Cheap path (and shebang) test; must not need the module itself. */
  handles: (path: string, text: string) => boolean;
  load: () => Promise<LanguageSupport>;
}

/** Checks what a lazily imported module exports, so a broken build fails with a clear reason. */
function checked(support: LanguageSupport | undefined, module: string): LanguageSupport {
  if (!support || typeof support.rewrite !== 'function') throw new Error(`${module} has no rewriter`);
  return support;
}

const PYTHON_SHEBANG = /^(?:\uFEFF)?#!\s*\S*\b(?:env\s+)?python[\d.]*\b/;

const ENTRIES: LanguageEntry[] = [
  {
    name: 'credential-file',
    handles: (path, text) => isCredentialStorePath(path) || (path.endsWith('.json') && /"type"\s*:\s*"service_account"/.test(text) && /"private_key"/.test(text)),
    load: () => import('./credential-file.js').then((module) => checked(module.credentialFile, 'credential-file')),
  },
  { name: 'notebook', handles: (path) => /\.ipynb$/i.test(path), load: () => import('./python/notebook.js').then((module) => checked(module.notebook, 'notebook')) },
  {
    name: 'python',
    handles: (path, text) => /\.(?:py|pyw)$/i.test(path) || (!basename(path).includes('.') && PYTHON_SHEBANG.test(text)),
    load: () => import('./python/index.js').then((module) => checked(module.python, 'python')),
  },
  { name: 'typescript', handles: (path) => /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i.test(path) && !path.endsWith('.d.ts'), load: () => import('./typescript/index.js').then((module) => checked(module.typescript, 'typescript')) },
  { name: 'dockerfile', handles: (path) => /(?:^|\/)(?:Dockerfile|Containerfile)(?:\.[^/]*)?$|\.(?:dockerfile|containerfile)$/i.test(path), load: () => import('./dockerfile.js').then((module) => checked(module.dockerfile, 'dockerfile')) },
  { name: 'shell', handles: isShellPath, load: () => import('./shell/index.js').then((module) => checked(module.shell, 'shell')) },
  { name: 'yaml', handles: (path) => /\.ya?ml$/i.test(path), load: () => import('./yaml.js').then((module) => checked(module.yaml, 'yaml')) },
  { name: 'requirements', handles: isRequirementsPath, load: () => import('./requirements.js').then((module) => checked(module.requirements, 'requirements')) },
  { name: 'docs', handles: isDocsPath, load: () => import('./markdown.js').then((module) => checked(module.markdown, 'markdown')) },
  { name: 'config', handles: isConfigPath, load: () => import('./config-file.js').then((module) => checked(module.configFile, 'config-file')) },
];

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export type LanguageLookup =
  | { kind: 'found'; language: LanguageSupport }
  | { kind: 'none' }
  | { kind: 'unavailable'; name: string; error: string };

export type LanguageResolver = (path: string, text: string) => Promise<LanguageLookup>;

/** The registry, with each module loaded at most once per process. */
export function createLanguageResolver(): LanguageResolver {
  const cache = new Map<string, Promise<LanguageSupport>>();
  return async (path, text) => {
    const entry = ENTRIES.find((candidate) => candidate.handles(path, text));
    if (!entry) return { kind: 'none' };
    let loading = cache.get(entry.name);
    if (!loading) {
      loading = entry.load();
      cache.set(entry.name, loading);
    }
    try {
      return { kind: 'found', language: await loading };
    } catch (error) {
      return { kind: 'unavailable', name: entry.name, error: (error as Error).message.split('\n')[0] ?? 'cannot load' };
    }
  };
}

/** The language name a path would get, without loading anything (for reports and tests). */
export function languageNameFor(path: string, text = ''): string | undefined {
  return ENTRIES.find((entry) => entry.handles(path, text))?.name;
}
