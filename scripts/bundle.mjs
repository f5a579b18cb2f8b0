// Bundles the CLI into dist/cli/. Two builds share one source tree:
//
// - dist/cli/scan.cjs: what every `scan` runs (tree, git history and ranges, stdin, the
//   pre-commit hook's --staged), as ONE CommonJS file that dist/cli/launch.cjs (src/cli/launch.ts,
//   the launcher's logic) runs through V8's code cache (src/cli/code-cache.ts). On Node 20 there
//   is no compile cache for modules, and the split build made a scan resolve, read, compile and
//   link ~25 chunks (docs/bench.md, "Fourth round: start-up"). Dynamic imports a scan may but
//   rarely does need (the config schema, verification, the HTML page's audit, the other
//   commands) are not copied in: they load the split build's copy through a stable entry under
//   dist/cli/lazy/, so the scan file stays small.
// - dist/cli/main.js: every command, split into chunks. Dynamic imports become separate chunks, so
//   migrate's parsers load only in migrate; the heaviest packages stay external and load from
//   node_modules the same way. The scan workers (dist/cli/scan-worker.js) are part of it.
//
// Two copies of a module can now meet (scan.cjs's and a lazy entry's): errors are told apart
// by a registered symbol, not by class identity (src/util/errors.ts).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { build } from 'esbuild';

const SRC = resolve('src');
const external = ['ts-morph', 'typescript', 'web-tree-sitter', 'tree-sitter-python', 'recheck'];
const common = { bundle: true, platform: 'node', target: 'node20', external, logLevel: 'warning' };
// Bundled CommonJS dependencies call require() for Node built-ins; ESM has no require.
const esmRequire = { js: "import { createRequire as __leakguardRequire } from 'node:module'; const require = __leakguardRequire(import.meta.url);" };
// A CommonJS bundle has no import.meta: code that finds files next to itself gets the bundle's
// own URL (defined in forCodeCache, after "use strict", which must come first).
const cjsImportMeta = { define: { 'import.meta.url': '__leakguardUrl' } };
const STRICT = '"use strict";\n';

// The scans' own lazy modules: copied into scan.cjs. Everything else it imports on demand
// becomes a lazy entry of the split build.
const SCAN_INLINE = new Set([
  'cli/commands/scan.ts',
  'cli/stdin.ts',
  'cli/version.ts',
  'engine.ts',
  'workers/pool.ts',
  'util/globs.ts',
  'sources/git/scan-git.ts',
  'sources/git/scan-staged.ts',
  'sources/git/scan-commits.ts',
  'reporters/notes.ts',
  'config/user-settings.ts',
  'hook/explain.ts',
  'hook/pre-push.ts',
]);

/** Source files (relative to src/, no extension) that scan.cjs loads from dist/cli/lazy/. */
const lazy = new Map();

const scanSplitter = {
  name: 'scan-lazy-entries',
  setup(context) {
    context.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.pluginData === 'resolving') return undefined;
      const resolved = await context.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: 'resolving' });
      if (resolved.errors.length > 0 || !resolved.path.startsWith(`${SRC}/`)) return undefined;
      const source = relative(SRC, resolved.path);
      if (SCAN_INLINE.has(source)) return undefined;
      const name = `lazy/${source.replace(/\.ts$/, '')}`;
      lazy.set(name, resolved.path);
      return { path: `./${name}.js`, external: true };
    });
  },
};

/**
 * The scan bundle's import() calls, rewritten to the loader's `__leakguardImport` (Node 20 loses
 * a cached vm.Script's import() callback, src/cli/code-cache.ts), and its content hash in the
 * first line, which names its code cache.
 */
function forCodeCache(text) {
  if (!text.startsWith(STRICT)) throw new Error('scan.cjs: expected esbuild\'s "use strict" first');
  const withUrl = `${STRICT}const __leakguardUrl = require("node:url").pathToFileURL(__filename).href;\n${text.slice(STRICT.length)}`;
  const rewritten = withUrl.replaceAll('import("./lazy/', '__leakguardImport("./lazy/');
  const left = rewritten.match(/\bimport\s*\(/);
  if (left) throw new Error(`scan.cjs: an import() the code cache cannot serve is left at offset ${left.index}`);
  const hash = createHash('sha256').update(rewritten).digest('hex');
  return `/* leakguard-bundle ${hash} */\n${rewritten}`;
}

const scan = await build({
  ...common,
  ...cjsImportMeta,
  format: 'cjs',
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli/scan.cjs',
  write: false,
  plugins: [scanSplitter],
});
mkdirSync('dist/cli', { recursive: true });
writeFileSync('dist/cli/scan.cjs', forCodeCache(scan.outputFiles[0].text));

await build({ ...common, format: 'cjs', entryPoints: ['src/cli/launch.ts'], outfile: 'dist/cli/launch.cjs' });

await build({
  ...common,
  format: 'esm',
  banner: esmRequire,
  entryPoints: { main: 'src/cli/main.ts', 'scan-worker': 'src/workers/scan-worker.ts', ...Object.fromEntries(lazy) },
  outdir: 'dist/cli',
  splitting: true,
  // Chunks sit beside the entries: the pool finds its worker as ./scan-worker.js from any chunk.
  chunkNames: 'chunk-[hash]',
});
