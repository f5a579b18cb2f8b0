import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { readRegularFile } from '../util/safe-read.js';

/**
 * Runs a CommonJS bundle through V8's code cache, which Node 20 offers only to `vm.Script`
 * (`module.enableCompileCache` is 22.1+). The cache holds the bytecode of every function the
 * first run compiled, so later runs neither parse nor compile them. It is only ever an
 * optimisation: a cache that is missing, stale, corrupt (V8 rejects it) or unwritable means the
 * bundle compiles from source, as it would without one.
 *
 * Cache files are named by the bundle's content hash (written into its first line by
 * scripts/bundle.mjs: V8 itself checks only the source's length), the caller's `profile` (each
 * kind of scan compiles different functions, so each gets the cache its own first run made),
 * and the Node version and architecture.
 */
export interface BundleRun {
  /** `module.exports` of the bundle. */
  exports: Record<string, unknown>;
  /** How the code cache was used: `off` when disabled or the bundle has no content hash. */
  cache: 'hit' | 'miss' | 'rejected' | 'off';
  /** After the run: writes the cache if it was missing or rejected. Never throws. */
  saveCache: () => void;
}

export interface BundleOptions {
  /** Directory of the cache files; undefined turns the cache off. */
  cacheDir: string | undefined;
  /** Which functions this run is likely to compile (e.g. `staged`, `tree`): one cache each. */
  profile: string;
}

/** First line of a bundle built for this loader: `/* leakguard-bundle <hex hash> *\/`. */
const HEADER = /^\/\* leakguard-bundle ([0-9a-f]{16,64}) \*\//;
// Far above any real cache (a few hundred KB): a symlink to /dev/zero must not fill memory.
const CACHE_CAP = 64 * 1024 * 1024;

// The bundle's parameters: CommonJS's, plus the import() it may not call itself (see lazyImport).
// On the same line as the bundle's first, so its line numbers stay those of the file.
const WRAPPER_PARAMETERS = 'exports, require, module, __filename, __dirname, __leakguardImport';

export function runBundle(file: string, options: BundleOptions): BundleRun {
  const source = readFileSync(file, 'utf8');
  const hash = HEADER.exec(source)?.[1];
  const cacheFile = hash && options.cacheDir ? join(options.cacheDir, cacheFileName(file, hash, options.profile)) : undefined;
  const cachedData = cacheFile ? readCache(cacheFile) : undefined;
  const script = new Script(`(function (${WRAPPER_PARAMETERS}) {${source}\n})`, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const cache = !cacheFile ? 'off' : !cachedData ? 'miss' : script.cachedDataRejected === true ? 'rejected' : 'hit';
  const module = { exports: {} as Record<string, unknown> };
  const body = script.runInThisContext() as (...args: unknown[]) => void;
  body(module.exports, createRequire(file), module, file, dirname(file), lazyImport(file));
  return {
    exports: module.exports,
    cache,
    saveCache: () => {
      if (cacheFile && (cache === 'miss' || cache === 'rejected')) writeCache(cacheFile, script, `${basename(file, '.cjs')}-`, hash!);
    },
  };
}

/**
 * import() for the bundle's lazily loaded ES modules (the split build's dist/cli/lazy/ entries).
 * The bundle cannot call import() itself: Node 20 loses a vm.Script's dynamic-import callback
 * when the script comes from the code cache ("A dynamic import callback was not specified"), so
 * the build rewrites those calls to this function, which imports as this module does.
 */
function lazyImport(file: string): (specifier: string) => Promise<unknown> {
  return (specifier) => import(pathToFileURL(resolve(dirname(file), specifier)).href);
}

export function cacheFileName(file: string, hash: string, profile: string): string {
  return `${basename(file, '.cjs')}-${hash.slice(0, 16)}-${profile}-${process.version}-${process.arch}.v8cache`;
}

/** The cache's bytes if it is a regular file of sane size (never a FIFO: opened non-blocking); anything else is a miss. */
function readCache(file: string): Buffer | undefined {
  const read = readRegularFile(file, CACHE_CAP);
  return read.kind === 'ok' && read.data.length > 0 ? read.data : undefined;
}

/**
 * Atomic (a temporary file renamed over the cache), so a concurrent run reads either the old
 * cache or the new one. Best effort: a read-only home or a full disk only means no cache.
 * Caches of other builds of the same bundle are removed: each upgrade would leave one behind.
 */
function writeCache(file: string, script: Script, prefix: string, hash: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    const data = script.createCachedData();
    const dir = dirname(file);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(temporary, data, { mode: 0o600, flag: 'wx' });
    renameSync(temporary, file);
    for (const name of readdirSync(dir)) {
      if (name.startsWith(prefix) && name.endsWith('.v8cache') && !name.startsWith(`${prefix}${hash.slice(0, 16)}-`)) rmSync(join(dir, name), { force: true });
    }
  } catch {
    // No cache this time; the next run compiles from source and tries again.
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing was written.
    }
  }
}
