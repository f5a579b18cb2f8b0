// Bundles the CLI into a few files under dist/cli/. The hook's cost is mostly module loading
// (each ES module costs about a millisecond to resolve and compile), so `scan --staged` should
// load a handful of files, not forty. Dynamic imports become separate chunks, so migrate's
// parsers still load only in migrate; the heaviest packages stay external and load from
// node_modules the same way.
import { build } from 'esbuild';

await build({
  entryPoints: { main: 'src/cli/main.ts', 'scan-worker': 'src/workers/scan-worker.ts' },
  outdir: 'dist/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Chunks sit beside the entries: the pool finds its worker as ./scan-worker.js from any chunk.
  chunkNames: 'chunk-[hash]',
  external: ['ts-morph', 'typescript', 'web-tree-sitter', 'tree-sitter-python', 'recheck'],
  // Bundled CommonJS dependencies call require() for Node built-ins; ESM has no require.
  banner: { js: "import { createRequire as __leakguardRequire } from 'node:module'; const require = __leakguardRequire(import.meta.url);" },
  logLevel: 'warning',
});
