import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { ts as TypeScript } from 'ts-morph';
import { JS_RESOLVER_BASENAME, type ModuleSystem } from './resolver-template.js';
import type { ResolverLanguage } from './resolver-flavours.js';

/** How one TS/JS file gets at the generated resolver. */
export interface JsModuleSettings {
  language: ResolverLanguage;
  moduleSystem: ModuleSystem;
  /** `import { getSecret } from …` or `const { getSecret } = require(…)`. */
  syntax: 'import' | 'require';
  /** Repository-relative path of the resolver module. */
  resolverPath: string;
  /** What the file writes in its import: `./secret-resolver.js`, `../secret-resolver`, … */
  specifier: string;
  /** Path from the resolver's directory to the repository root. */
  rootFromResolver: string;
}

export interface ModuleSettingsInput {
  path: string;
  root: string;
  repoFiles: ReadonlySet<string>;
  /** Whether the file itself uses `import`/`export` or `require`. */
  fileSyntax: 'import' | 'require' | 'none';
  ts: typeof TypeScript;
}

interface ProjectFacts {
  packageType: 'module' | 'commonjs';
  /** Lower-cased `compilerOptions.module` / `moduleResolution` / `rootDir` of the nearest tsconfig. */
  module?: string;
  moduleResolution?: string;
  rootDir?: string;
  tsconfigDir?: string;
  packageDir?: string;
}

/**
 * Reads the nearest package.json (`type`) and tsconfig.json (`module`, `moduleResolution`,
 * `rootDir`, following relative `extends`) and decides the resolver's flavour, place and import
 * specifier: `./secret-resolver.js` under NodeNext, extensionless under bundler or node10
 * resolution, `.mjs`/`.cjs` for those files, `require` for CommonJS JavaScript.
 */
export function jsModuleSettings(input: ModuleSettingsInput): JsModuleSettings {
  const facts = projectFacts(input);
  const extension = posix.extname(input.path).toLowerCase();
  const isTs = ['.ts', '.tsx', '.mts', '.cts'].includes(extension);
  const resolverDir = resolverDirectory(input.path, facts, isTs);
  const place = (fileExtension: string, specifierExtension: string, language: ResolverLanguage, moduleSystem: ModuleSystem, syntax: 'import' | 'require'): JsModuleSettings => ({
    language,
    moduleSystem,
    syntax,
    resolverPath: joinPath(resolverDir, `${JS_RESOLVER_BASENAME}${fileExtension}`),
    specifier: relativeSpecifier(posix.dirname(input.path), resolverDir, `${JS_RESOLVER_BASENAME}${specifierExtension}`),
    rootFromResolver: upTo(resolverDir),
  });
  if (isTs) {
    const moduleSystem = tsModuleSystem(extension, facts);
    const withExtension = usesNodeResolution(facts);
    const fileExtension = extension === '.mts' ? '.mts' : extension === '.cts' ? '.cts' : '.ts';
    const jsExtension = extension === '.mts' ? '.mjs' : extension === '.cts' ? '.cjs' : '.js';
    return place(fileExtension, withExtension ? jsExtension : '', 'ts', moduleSystem, 'import');
  }
  if (extension === '.mjs') return place('.mjs', '.mjs', 'js', 'esm', 'import');
  if (extension === '.cjs') return place('.cjs', '.cjs', 'js', 'cjs', 'require');
  const syntax = input.fileSyntax === 'none' ? (facts.packageType === 'module' ? 'import' : 'require') : input.fileSyntax;
  if (syntax === 'import') {
    return facts.packageType === 'module' ? place('.js', '.js', 'js', 'esm', 'import') : place('.mjs', '.mjs', 'js', 'esm', 'import');
  }
  return facts.packageType === 'module' ? place('.cjs', '.cjs', 'js', 'cjs', 'require') : place('.js', '.js', 'js', 'cjs', 'require');
}

function tsModuleSystem(extension: string, facts: ProjectFacts): ModuleSystem {
  if (extension === '.mts') return 'esm';
  if (extension === '.cts') return 'cjs';
  const module = facts.module;
  if (!module) return facts.packageType === 'module' ? 'esm' : 'cjs';
  if (['commonjs', 'umd', 'amd', 'system', 'none'].includes(module)) return 'cjs';
  if (/^node\d+$|^nodenext$/.test(module)) return facts.packageType === 'module' ? 'esm' : 'cjs';
  return 'esm';
}

/** Node16/NodeNext resolution wants the `.js` extension on relative imports; bundler and node10 do not. */
function usesNodeResolution(facts: ProjectFacts): boolean {
  const resolution = facts.moduleResolution;
  if (resolution) return /^node1[6-9]$|^nodenext$/.test(resolution);
  const module = facts.module;
  if (module) return /^node\d+$|^nodenext$/.test(module);
  return facts.packageType === 'module';
}

/**
 * One resolver per source tree rather than one per directory: the project's `rootDir`, else its
 * `src/` when the file is under it, else the file's own directory.
 */
function resolverDirectory(path: string, facts: ProjectFacts, isTs: boolean): string {
  const directory = posix.dirname(path);
  const projectDir = (isTs ? facts.tsconfigDir : undefined) ?? facts.packageDir ?? facts.tsconfigDir;
  const candidates: string[] = [];
  if (isTs && facts.rootDir && facts.tsconfigDir !== undefined) candidates.push(posix.normalize(joinPath(facts.tsconfigDir, facts.rootDir)));
  if (projectDir !== undefined) candidates.push(joinPath(projectDir, 'src'));
  for (const candidate of candidates) {
    const normalized = candidate === '' ? '.' : candidate.replace(/\/$/, '');
    if (normalized === '.' || directory === normalized || directory.startsWith(`${normalized}/`)) return normalized;
  }
  return directory;
}

function projectFacts(input: ModuleSettingsInput): ProjectFacts {
  const facts: ProjectFacts = { packageType: 'commonjs' };
  const packageDir = nearest(input.path, 'package.json', input.repoFiles);
  if (packageDir !== undefined) {
    facts.packageDir = packageDir;
    const data = readJson(input.root, joinPath(packageDir, 'package.json'), input.ts);
    if (data?.['type'] === 'module') facts.packageType = 'module';
  }
  const tsconfigDir = nearest(input.path, 'tsconfig.json', input.repoFiles);
  if (tsconfigDir !== undefined) {
    facts.tsconfigDir = tsconfigDir;
    const options = compilerOptions(input.root, joinPath(tsconfigDir, 'tsconfig.json'), input.ts, 0);
    const text = (key: string): string | undefined => (typeof options[key] === 'string' ? (options[key] as string).toLowerCase() : undefined);
    facts.module = text('module');
    facts.moduleResolution = text('moduleResolution');
    facts.rootDir = typeof options['rootDir'] === 'string' ? (options['rootDir'] as string).replace(/^\.\//, '') : undefined;
  }
  return facts;
}

/** compilerOptions with relative `extends` merged in (the file's own options win). */
function compilerOptions(root: string, path: string, ts: typeof TypeScript, depth: number): Record<string, unknown> {
  const data = readJson(root, path, ts);
  if (!data) return {};
  const own = (data['compilerOptions'] ?? {}) as Record<string, unknown>;
  const parent = data['extends'];
  if (typeof parent !== 'string' || !parent.startsWith('.') || depth > 5) return own;
  const target = posix.normalize(joinPath(posix.dirname(path), parent.endsWith('.json') ? parent : `${parent}.json`));
  return { ...compilerOptions(root, target, ts, depth + 1), ...own };
}

function readJson(root: string, path: string, ts: typeof TypeScript): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = readFileSync(join(root, path), 'utf8');
  } catch {
    return undefined;
  }
  // tsconfig files are JSONC (comments, trailing commas): TypeScript's own reader takes both.
  const parsed = ts.parseConfigFileTextToJson(path, text);
  return parsed.config && typeof parsed.config === 'object' ? (parsed.config as Record<string, unknown>) : undefined;
}

/** The nearest directory at or above the file's that holds `name` (`.` for the repository root). */
function nearest(path: string, name: string, repoFiles: ReadonlySet<string>): string | undefined {
  for (let directory = posix.dirname(path); ; directory = posix.dirname(directory)) {
    if (repoFiles.has(joinPath(directory, name))) return directory;
    if (directory === '.' || directory === '' || directory === '/') return undefined;
  }
}

function joinPath(directory: string, file: string): string {
  return directory === '.' || directory === '' ? file : `${directory}/${file}`;
}

function relativeSpecifier(fromDir: string, toDir: string, file: string): string {
  const relative = posix.relative(fromDir === '.' ? '' : fromDir, toDir === '.' ? '' : toDir);
  const joined = relative ? `${relative}/${file}` : file;
  return joined.startsWith('.') ? joined : `./${joined}`;
}

function upTo(directory: string): string {
  if (directory === '.' || directory === '') return '.';
  return directory.split('/').map(() => '..').join('/');
}
