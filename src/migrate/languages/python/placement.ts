/**
 * Where the generated `secret_resolver.py` goes: one per import root, the directory Python puts on
 * `sys.path` when the code runs.
 *
 * - A module inside a package (its directory has `__init__.py`) runs as `python -m pkg.mod` or as
 *   an import, with the parent of its top package on `sys.path`. Its resolver goes inside a top
 *   package of that root, so an installed package ships it too, and is imported through the
 *   package: relatively when the file already uses relative imports and the resolver is in its own
 *   package, else by name (`pkg.secret_resolver`).
 * - A loose script runs as `python dir/script.py`, which puts `dir/` on `sys.path`; a notebook's
 *   kernel runs in the notebook's directory. Both import a resolver that package files in the same
 *   root already have (`monox.secret_resolver` for `train.py` beside `monox/`), else the one of a
 *   repository package the file already imports (that import must already work, installed or
 *   not), else one next to them, shared by every loose file of that directory.
 *
 * Within one root the host is the package that already holds a resolver, else the package with the
 * most files that need one (ties by path), else the loose `dir/secret_resolver.py`, so a root never
 * gets two resolvers. The plan is made before the rewrites from the files that have findings; a
 * file whose rewrite ends up needing no resolver simply does not import it.
 */
import { posix } from 'node:path';
import type { ResolverPlacement } from '../../types.js';
import { PYTHON_RESOLVER_FILE, PYTHON_RESOLVER_MODULE } from './resolver-template.js';

export type PythonPlacement = ResolverPlacement;

export interface PlacementCandidate {
  path: string;
  /** The file's text (a notebook's raw JSON is fine: imports are found in its source strings). */
  text: string;
  notebook: boolean;
}

/** One import root's resolver: inside a top package (`pkg`), or loose in the root directory. */
interface Host {
  directory: string;
  pkg?: string;
}

/** The placement of every candidate, decided together so each import root gets one resolver. */
export function planPythonPlacements(candidates: readonly PlacementCandidate[], repoFiles: ReadonlySet<string>): Map<string, PythonPlacement> {
  const packages = topPackages(repoFiles);
  const homes = candidates.map((file) => ({ file, ...home(file, repoFiles, packages) }));
  const votes = new Map<string, number>();
  for (const { pkg, borrowed } of homes) for (const vote of [pkg, borrowed]) if (vote) votes.set(vote, (votes.get(vote) ?? 0) + 1);
  const hosts = new Map<string, Host>();
  const hostOf = (root: string): Host => {
    let host = hosts.get(root);
    if (!host) {
      host = chooseHost(root, packages, votes, repoFiles);
      hosts.set(root, host);
    }
    return host;
  };
  const placements = new Map<string, PythonPlacement>();
  for (const { file, root, pkg, borrowed } of homes) {
    const own = hostOf(root);
    const lending = borrowed ? hostOf(parentOf(borrowed)) : undefined;
    let host = own;
    if (borrowed && lending?.pkg === borrowed && !pkg && !own.pkg && !repoFiles.has(resolverIn(own.directory))) host = lending;
    placements.set(file.path, placementFor(file, host, pkg));
  }
  return placements;
}

/** The placement of a single file on its own (rewriters called outside a migration plan). */
export function pythonPlacement(path: string, repoFiles: ReadonlySet<string>, fileText: string, notebook = false): PythonPlacement {
  return planPythonPlacements([{ path, text: fileText, notebook }], repoFiles).get(path)!;
}

/** The file's import root, its top package (package modules) or a repository package it imports (loose files). */
function home(file: PlacementCandidate, repoFiles: ReadonlySet<string>, packages: ReadonlyMap<string, string[]>): { root: string; pkg?: string; borrowed?: string } {
  const directory = posix.dirname(file.path);
  const pkg = file.notebook ? undefined : topPackage(directory, repoFiles);
  if (pkg) return { root: parentOf(pkg), pkg };
  const imported = importedNames(file.text);
  const besides = (packages.get(directory) ?? []).find((candidate) => imported.has(posix.basename(candidate)));
  const elsewhere = [...packages.values()].flat().find((candidate) => imported.has(posix.basename(candidate)));
  return { root: directory, borrowed: besides ?? elsewhere };
}

function chooseHost(root: string, packages: ReadonlyMap<string, string[]>, votes: ReadonlyMap<string, number>, repoFiles: ReadonlySet<string>): Host {
  const inRoot = packages.get(root) ?? [];
  const existing = inRoot.find((pkg) => repoFiles.has(resolverIn(pkg)));
  if (existing) return { directory: existing, pkg: existing };
  if (repoFiles.has(resolverIn(root))) return { directory: root };
  const voted = inRoot.filter((pkg) => votes.has(pkg)).sort((a, b) => votes.get(b)! - votes.get(a)! || a.localeCompare(b));
  return voted[0] ? { directory: voted[0], pkg: voted[0] } : { directory: root };
}

function placementFor(file: PlacementCandidate, host: Host, ownPackage: string | undefined): PythonPlacement {
  const placement = { resolverPath: resolverIn(host.directory), rootFromResolver: upTo(host.directory) };
  if (!host.pkg) return { ...placement, importModule: PYTHON_RESOLVER_MODULE };
  const directory = posix.dirname(file.path);
  if (ownPackage === host.pkg && /^[ \t]*from[ \t]+\./m.test(file.text)) {
    const depth = directory === host.pkg ? 0 : directory.slice(host.pkg.length + 1).split('/').length;
    return { ...placement, importModule: `${'.'.repeat(depth + 1)}${PYTHON_RESOLVER_MODULE}` };
  }
  return { ...placement, importModule: `${posix.basename(host.pkg)}.${PYTHON_RESOLVER_MODULE}` };
}

/** Top packages (an `__init__.py` whose parent has none, or is the root), grouped by their import root. */
function topPackages(repoFiles: ReadonlySet<string>): Map<string, string[]> {
  const byRoot = new Map<string, string[]>();
  for (const path of repoFiles) {
    if (posix.basename(path) !== '__init__.py') continue;
    const pkg = posix.dirname(path);
    // As in topPackage: the repository root never counts as a package, even with an `__init__.py`.
    if (pkg === '.' || (parentOf(pkg) !== '.' && repoFiles.has(`${parentOf(pkg)}/__init__.py`))) continue;
    const list = byRoot.get(parentOf(pkg)) ?? [];
    list.push(pkg);
    byRoot.set(parentOf(pkg), list.sort());
  }
  return byRoot;
}

/** The highest directory of the `__init__.py` chain holding `directory`; the repo root never counts. */
function topPackage(directory: string, repoFiles: ReadonlySet<string>): string | undefined {
  let top: string | undefined;
  for (let current = directory; current !== '.' && current !== ''; current = posix.dirname(current)) {
    if (!repoFiles.has(`${current}/__init__.py`)) break;
    top = current;
  }
  return top;
}

/** Top-level module names of absolute imports (`import x`, `from x.y import z`), in Python or a notebook's JSON strings. */
function importedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(/(?:^|\n|\\n|")[ \t]*(?:from[ \t]+([A-Za-z_]\w*)[\w.]*[ \t]+import\b|import[ \t]+([A-Za-z_]\w*))/g)) {
    names.add((match[1] ?? match[2])!);
  }
  return names;
}

function parentOf(directory: string): string {
  const parent = posix.dirname(directory);
  return parent === '' ? '.' : parent;
}

function resolverIn(directory: string): string {
  return directory === '.' ? PYTHON_RESOLVER_FILE : `${directory}/${PYTHON_RESOLVER_FILE}`;
}

function upTo(directory: string): string {
  if (directory === '.' || directory === '') return '.';
  return directory.split('/').map(() => '..').join('/');
}
