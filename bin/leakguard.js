#!/usr/bin/env node
// Launcher: enable V8's compile cache (Node >= 22.1) before any of our modules load, then hand over.
import module from 'node:module';

module.enableCompileCache?.();
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
