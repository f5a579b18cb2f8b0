import { posix } from 'node:path';
import { PYTHON_RESOLVER_FILE, PYTHON_RESOLVER_MODULE } from './resolver-template.js';

/** Where the generated resolver goes for one Python file, and how that file imports it. */
export interface PythonPlacement {
  /** Repository-relative path of `secret_resolver.py`. */
  resolverPath: string;
  /** The module to import from: `secret_resolver`, `pkg.secret_resolver` or `..secret_resolver`. */
  importModule: string;
  /** Path from the resolver's directory to the repository root. */
  rootFromResolver: string;
}

/**
 * A file inside a package (its directory has `__init__.py`) is imported or run with `python -m`,
 * so the resolver goes into the top package of the `__init__.py` chain and is imported through the
 * package: relatively when the file already uses relative imports, else by the package's name
 * (that also works for an installed package whose modules are run as scripts). A loose script is
 * run as `python dir/script.py`, which puts its own directory on `sys.path`: the resolver goes
 * next to it and a plain `from secret_resolver import ...` works. Notebooks run with their own
 * directory as the working directory, so they count as loose scripts.
 */
export function pythonPlacement(path: string, repoFiles: ReadonlySet<string>, fileText: string, notebook = false): PythonPlacement {
  const directory = posix.dirname(path);
  const top = notebook ? undefined : topPackage(directory, repoFiles);
  if (!top) {
    return {
      resolverPath: join(directory, PYTHON_RESOLVER_FILE),
      importModule: PYTHON_RESOLVER_MODULE,
      rootFromResolver: upTo(directory),
    };
  }
  const depth = directory === top ? 0 : directory.slice(top.length + 1).split('/').length;
  const relative = /^[ \t]*from[ \t]+\./m.test(fileText);
  return {
    resolverPath: join(top, PYTHON_RESOLVER_FILE),
    importModule: relative ? `${'.'.repeat(depth + 1)}${PYTHON_RESOLVER_MODULE}` : `${posix.basename(top)}.${PYTHON_RESOLVER_MODULE}`,
    rootFromResolver: upTo(top),
  };
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

function join(directory: string, file: string): string {
  return directory === '.' ? file : `${directory}/${file}`;
}

function upTo(directory: string): string {
  if (directory === '.' || directory === '') return '.';
  return directory.split('/').map(() => '..').join('/');
}
