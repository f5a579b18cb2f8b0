#!/usr/bin/env node
// Launcher, CommonJS (bin/package.json): Node 20 then starts without its ES module loader, which
// only the commands other than `scan` need. dist/cli/launch.cjs (src/cli/launch.ts) runs every
// scan from one bundle through V8's code cache and imports the split build for the rest.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose, see above */
const { join } = require('node:path');

require('node:module').enableCompileCache?.();
let launch;
try {
  ({ launch } = require('../dist/cli/launch.cjs'));
} catch (error) {
  // A checkout that was never built, or a broken install: one line, not a stack trace.
  const missing = error && error.code === 'MODULE_NOT_FOUND';
  process.stderr.write(`leakguard: ${missing ? 'dist/cli/launch.cjs is missing: run `npm run build` (or reinstall leakguard)' : `cannot start: ${String(error && error.message).split('\n')[0]}`}\n`);
  process.exit(2);
}
launch(process.argv.slice(2), join(__dirname, '..', 'dist', 'cli')).then(
  (code) => {
    process.exitCode = code;
    // Leaving by the end of the event loop tears V8 down (the heap unmapped page by page, exited
    // children's handles closed one loop turn at a time): 5-27 ms a run on the hook. Every write
    // and every child the command started is finished by now, so exit at once, unless stdout or
    // stderr still queue output (an asynchronous pipe, as on macOS), which the natural end drains.
    if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
  },
  (error) => {
    // main() catches everything; this is a broken installation (a bundle missing, say).
    process.stderr.write(`leakguard: internal error: ${String(error instanceof Error ? error.message : error).split('\n')[0]}\n`);
    process.exitCode = 2;
  },
);
