#!/usr/bin/env node
// Launcher: enable V8's compile cache (Node >= 22.1) before any of our modules load, then hand over.
// `scan --staged` (the pre-commit hook) runs the same CLI from its one-file bundle, which starts
// faster than the split one (scripts/bundle.mjs); every other command loads only what it uses.
import module from 'node:module';

module.enableCompileCache?.();
const argv = process.argv.slice(2);
const staged = argv.find((arg) => arg !== '--debug') === 'scan' && argv.includes('--staged');
const { main } = await import(staged ? '../dist/cli/hook.js' : '../dist/cli/main.js');
process.exitCode = await main(argv);
