import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { gitOutput, runGit } from '../sources/git/git-process.js';
import { LeakguardError } from '../util/errors.js';
import { gitHookBody, huskyHookBody, type Launcher } from './hook-commands.js';
import { HookFileError, insertBlock, makeBlock, removeBlock, type InsertAction } from './hook-file.js';

export const HUSKY_VERSION = '^9.1.7';
const BASELINE_FILE = '.leakguard-baseline.json';

export interface InstallOptions {
  cwd: string;
  /** true: husky; false: the git hooks directory; undefined: husky when package.json exists. */
  husky?: boolean;
  launcher: Launcher;
  toolVersion: string;
}

interface Repo {
  root: string;
  /** Where git looks for hooks: core.hooksPath when set, else the common .git/hooks (worktrees share it). */
  hooksDir: string;
}

/** Installs the pre-commit hook; returns what it did, one line per step, for the user. */
export async function installHook(options: InstallOptions): Promise<string[]> {
  const repo = await locateRepo(options.cwd, 'install');
  const hasPackageJson = existsSync(join(repo.root, 'package.json'));
  const baseline = existsSync(join(repo.root, BASELINE_FILE)) ? BASELINE_FILE : undefined;
  const report: string[] = [];
  if (options.husky ?? hasPackageJson) {
    if (!hasPackageJson) throw new LeakguardError('install --husky: no package.json in the repository root');
    const changed = editPackageJson(join(repo.root, 'package.json'), options.toolVersion, report);
    const file = join(repo.root, '.husky', 'pre-commit');
    writeHook(file, huskyHookBody(baseline), repo, report);
    const active = await huskyIsActive(repo);
    if (changed || !active) report.push('Run `npm install` to install husky and activate the hook.');
  } else {
    const file = isHuskyDir(repo.hooksDir) ? join(repo.root, '.husky', 'pre-commit') : join(repo.hooksDir, 'pre-commit');
    writeHook(file, gitHookBody(options.launcher, baseline), repo, report);
  }
  if (baseline) report.push(`The hook ignores findings accepted in ${BASELINE_FILE}.`);
  if (existsSync(join(repo.root, '.pre-commit-config.yaml'))) {
    report.push('This repository uses the pre-commit framework: you can add the `leakguard` hook to .pre-commit-config.yaml instead.');
  }
  return report;
}

/** Removes leakguard's block from every hook file install may have written. */
export async function uninstallHook(cwd: string): Promise<string[]> {
  const repo = await locateRepo(cwd, 'uninstall');
  const candidates = new Set([join(repo.root, '.husky', 'pre-commit'), join(repo.hooksDir, 'pre-commit')]);
  const report: string[] = [];
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    const result = removeBlock(readFileSync(file, 'utf8'));
    if (!result.removed) continue;
    if (result.empty) {
      rmSync(file);
      report.push(`removed ${display(repo, file)} (only leakguard's block was in it)`);
    } else {
      writeFileSync(file, result.text);
      report.push(`removed leakguard's block from ${display(repo, file)}; the rest of the hook is unchanged`);
    }
  }
  if (report.length === 0) report.push('leakguard is not installed in this repository; nothing to remove');
  else if (existsSync(join(repo.root, 'package.json'))) {
    report.push('husky and leakguard stay in package.json; remove them with npm uninstall if nothing else uses them.');
  }
  return report;
}

async function locateRepo(cwd: string, what: string): Promise<Repo> {
  const output = (await gitOutput(cwd, ['rev-parse', '--show-toplevel', '--git-path', 'hooks'], what)).toString('utf8');
  const [root, hooks] = output.split('\n');
  if (!root || !hooks) throw new LeakguardError(`${what}: cannot locate the repository's hooks directory`);
  return { root, hooksDir: resolve(cwd, hooks) };
}

/** Husky v9 points core.hooksPath at .husky/_, whose scripts husky regenerates; ours goes in .husky/. */
function isHuskyDir(dir: string): boolean {
  return basename(dir) === '_' && basename(dirname(dir)) === '.husky';
}

async function huskyIsActive(repo: Repo): Promise<boolean> {
  const run = await runGit(repo.root, ['config', 'core.hooksPath']);
  const value = run.stdout.toString('utf8').trim().replace(/\/$/, '');
  return run.code === 0 && (value === '.husky/_' || value === '.husky');
}

function writeHook(file: string, body: string[], repo: Repo, report: string[]): void {
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  let result: { text: string; action: InsertAction };
  try {
    result = insertBlock(existing, makeBlock(body));
  } catch (error) {
    if (!(error instanceof HookFileError)) throw error;
    throw new LeakguardError(
      `install: ${display(repo, file)} exists and ${error.message}; add \`leakguard scan --staged\` to it yourself`,
    );
  }
  if (result.action !== 'unchanged') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, result.text);
  }
  chmodSync(file, 0o755);
  const messages: Record<InsertAction, string> = {
    created: `created ${display(repo, file)}`,
    added: `added leakguard's block to the existing ${display(repo, file)} (runs before its other commands)`,
    updated: `updated leakguard's block in ${display(repo, file)}`,
    unchanged: `already installed in ${display(repo, file)}`,
  };
  report.push(messages[result.action]);
}

interface PackageJson {
  name?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** Adds husky (and leakguard, which `npx --no` must find locally) as devDependencies, and `prepare`. */
function editPackageJson(file: string, toolVersion: string, report: string[]): boolean {
  const text = readFileSync(file, 'utf8');
  let data: PackageJson;
  try {
    data = JSON.parse(text) as PackageJson;
  } catch (error) {
    throw new LeakguardError(`install: package.json is not valid JSON (${(error as Error).message})`);
  }
  const has = (name: string) => Boolean(data.dependencies?.[name] ?? data.devDependencies?.[name]);
  const added: string[] = [];
  const addDev = (name: string, range: string): void => {
    data.devDependencies = sortKeys({ ...data.devDependencies, [name]: range });
    added.push(`${name}@${range}`);
  };
  if (!has('husky')) addDev('husky', HUSKY_VERSION);
  if (!has('leakguard') && data.name !== 'leakguard') addDev('leakguard', `^${toolVersion}`);
  let prepareAdded = false;
  const prepare = data.scripts?.['prepare'];
  if (prepare === undefined) {
    data.scripts = { ...data.scripts, prepare: 'husky' };
    prepareAdded = true;
  } else if (!prepare.includes('husky')) {
    report.push(`package.json already has a "prepare" script; append \` && husky\` to it so npm install activates the hook`);
  }
  if (added.length === 0 && !prepareAdded) return false;
  writeFileSync(file, `${JSON.stringify(data, null, detectIndent(text))}${text.endsWith('\n') ? '\n' : ''}`);
  if (added.length > 0) report.push(`added ${added.join(' and ')} to devDependencies in package.json`);
  if (prepareAdded) report.push('added "prepare": "husky" to the scripts in package.json');
  return true;
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function detectIndent(text: string): string | number {
  const indent = /^([ \t]+)"/m.exec(text)?.[1];
  return indent ?? 2;
}

function display(repo: Repo, file: string): string {
  const path = relative(repo.root, file);
  return path.startsWith('..') ? file : path;
}
