/**
 * Where a Python file really runs decides how it may read a credential. A resolver import is
 * right for project code, and wrong in two places:
 *
 * - configs loaded by a framework: mmengine executes `configs/*.py` itself and switches to its
 *   lazy-import mode (a ConfigParsingError for `_base_` configs) when a non-stdlib import comes
 *   before `_base_`; Hydra/OmegaConf-style and other `configs/` modules are not importable
 *   packages at all. There a plain `os.environ.get(...)` (stdlib, None when unset) is the fix.
 * - files a Dockerfile copies on their own (`COPY handler.py /`): the image holds that file and
 *   not the resolver module next to it, so the import fails in the container. Plain environment
 *   lookups need nothing else in the image, and containers get credentials from the environment.
 */
import { posix } from 'node:path';
import micromatch from 'micromatch';
import { instructionWords, parseDockerfile } from './languages/dockerfile.js';

export type PythonRuntime = 'module' | 'framework-config' | 'ships-alone';

const FRAMEWORK_CONFIG = /^_base_\s*=|^\s*with\s+read_base\(\s*\)\s*:/m;
const CONFIG_DIRECTORY = /(?:^|\/)(?:configs?|conf)(?:\/|$)/;

/** An mmengine-style config, or a module in a `configs/` directory that is not a package. */
export function isFrameworkConfig(path: string, text: string, repoFiles: ReadonlySet<string>): boolean {
  if (FRAMEWORK_CONFIG.test(text)) return true;
  const directory = posix.dirname(path);
  return CONFIG_DIRECTORY.test(directory) && !repoFiles.has(`${directory}/__init__.py`);
}

const DOCKERFILE = /(?:^|\/)(?:Dockerfile|Containerfile)(?:\.[^/]*)?$|\.(?:dockerfile|containerfile)$/i;

export function isDockerfilePath(path: string): boolean {
  return DOCKERFILE.test(path);
}

/**
 * Paths that some Dockerfile copies as single files (a file or a glob source of COPY/ADD) and that
 * no COPY/ADD of a directory brings along with its siblings. The build context is taken to be the
 * Dockerfile's directory (the usual `docker build .` next to it).
 */
export function shippedAlone(dockerfiles: readonly { path: string; text: string }[], repoFiles: ReadonlySet<string>): Set<string> {
  const files = [...repoFiles];
  const single = new Set<string>();
  const withDirectory = new Set<string>();
  for (const dockerfile of dockerfiles) {
    const context = posix.dirname(dockerfile.path);
    const parsed = parseDockerfile(dockerfile.text);
    for (const instruction of parsed.instructions) {
      if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
      const sources = copySources(dockerfile.text, instruction, parsed.escape);
      if (!sources) continue;
      for (const source of sources) {
        const base = posix.normalize(posix.join(context, source)).replace(/\/+$/, '');
        if (/[*?[]/.test(source)) {
          for (const path of micromatch(files, base, { dot: true })) single.add(path);
        } else if (repoFiles.has(base)) {
          single.add(base);
        } else {
          const prefix = base === '.' ? '' : `${base}/`;
          for (const path of files) if (path.startsWith(prefix)) withDirectory.add(path);
        }
      }
    }
  }
  return new Set([...single].filter((path) => !withDirectory.has(path)));
}

/** The source operands of a COPY/ADD (all but the destination); undefined for `--from` copies. */
function copySources(text: string, instruction: Parameters<typeof instructionWords>[1], escape: string): string[] | undefined {
  const args = text.slice(instruction.argsStart, instruction.end).trim();
  let words: string[];
  if (args.startsWith('[')) {
    try {
      words = (JSON.parse(args) as unknown[]).map(String);
    } catch {
      return undefined;
    }
  } else {
    words = instructionWords(text, instruction, escape).map((word) => text.slice(word.start, word.end).replace(/^(["'])(.*)\1$/, '$2'));
  }
  if (words.some((word) => word.startsWith('--from'))) return undefined;
  const operands = words.filter((word) => !word.startsWith('--'));
  return operands.length >= 2 ? operands.slice(0, -1).map((word) => word.replace(/^\.\//, '')) : undefined;
}

/**
 * A module that only holds credentials (`secrets.py`, `_local_secrets.py`, `credentials.py`):
 * its importers decide what a missing value means (`except ImportError`, `if HF_TOKEN:`), so its
 * constants become lookups that return None rather than raise.
 */
export function isSecretsModule(path: string): boolean {
  return /(?:^|\/)(?:_?local_)?(?:secrets?|credentials|tokens?|keys)(?:_local)?\.py$/i.test(path);
}

/** Module names of the standard library that a repository file can shadow. */
const STDLIB_SHADOWED = new Set(['secrets', 'token', 'keyword', 'string', 'types', 'typing', 'json', 'logging', 'random', 'test', 'code', 'site', 'email', 'http']);

export function shadowsStdlib(path: string): string | undefined {
  const stem = posix.basename(path).replace(/\.py$/i, '');
  return STDLIB_SHADOWED.has(stem) ? stem : undefined;
}

export function pythonRuntime(path: string, text: string, repoFiles: ReadonlySet<string>, alone: ReadonlySet<string>): PythonRuntime {
  if (alone.has(path)) return 'ships-alone';
  if (isFrameworkConfig(path, text, repoFiles)) return 'framework-config';
  return 'module';
}
