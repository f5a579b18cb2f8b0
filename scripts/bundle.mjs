// Bundles the CLI into dist/cli/. Two builds share one source tree:
//
// - dist/cli/main.js: every command, split into chunks. Dynamic imports become separate chunks, so
//   migrate's parsers load only in migrate; the heaviest packages stay external and load from
//   node_modules the same way.
// - dist/cli/hook.js: what `scan --staged` (the pre-commit hook) runs, as ONE file. On Node 20
//   there is no compile cache, and the split build made the hook load 26 chunks in four rounds of
//   imports; one file of the same code starts about 35 ms sooner (docs/bench.md, "Pre-commit
//   hook"). Dynamic imports the hook may but rarely does need (the config schema, verification,
//   the HTML page's audit, the other commands) are not copied in: they load the split build's
//   copy through a stable entry under dist/cli/lazy/, so the hook file stays small.
//
// Two copies of a module can now meet (the hook file's and a lazy entry's): errors are told apart
// by a registered symbol, not by class identity (src/util/errors.ts).
import { build } from 'esbuild';
import { relative, resolve } from 'node:path';

const SRC = resolve('src');
const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['ts-morph', 'typescript', 'web-tree-sitter', 'tree-sitter-python', 'recheck'],
  // Bundled CommonJS dependencies call require() for Node built-ins; ESM has no require.
  banner: { js: "import { createRequire as __leakguardRequire } from 'node:module'; const require = __leakguardRequire(import.meta.url);" },
  logLevel: 'warning',
};

// The staged scan's own lazy modules: copied into hook.js. Everything else it imports on demand
// becomes a lazy entry of the split build.
const HOOK_INLINE = new Set([
  'cli/commands/scan.ts',
  'sources/git/scan-git.ts',
  'sources/git/scan-staged.ts',
  'reporters/notes.ts',
  'config/user-settings.ts',
  'hook/explain.ts',
]);

/** Source files (relative to src/, no extension) that hook.js loads from dist/cli/lazy/. */
const lazy = new Map();

const hookSplitter = {
  name: 'hook-lazy-entries',
  setup(context) {
    context.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.pluginData === 'resolving') return undefined;
      const resolved = await context.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: 'resolving' });
      if (resolved.errors.length > 0 || !resolved.path.startsWith(`${SRC}/`)) return undefined;
      const source = relative(SRC, resolved.path);
      if (HOOK_INLINE.has(source)) return undefined;
      const name = `lazy/${source.replace(/\.ts$/, '')}`;
      lazy.set(name, resolved.path);
      return { path: `./${name}.js`, external: true };
    });
  },
};

await build({ ...common, entryPoints: { hook: 'src/cli/main.ts' }, outdir: 'dist/cli', splitting: false, plugins: [hookSplitter] });

await build({
  ...common,
  entryPoints: { main: 'src/cli/main.ts', 'scan-worker': 'src/workers/scan-worker.ts', ...Object.fromEntries(lazy) },
  outdir: 'dist/cli',
  splitting: true,
  // Chunks sit beside the entries: the pool finds its worker as ./scan-worker.js from any chunk.
  chunkNames: 'chunk-[hash]',
});
