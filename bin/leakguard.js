#!/usr/bin/env node
// Launcher, CommonJS (bin/package.json): Node 20 then starts without its ES module loader, which
// only the commands other than `scan` need. dist/cli/launch.cjs (src/cli/launch.ts) runs every
// scan from one bundle through V8's code cache and imports the split build for the rest.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose, see above */
const { join } = require('node:path');

require('node:module').enableCompileCache?.();
const { launch } = require('../dist/cli/launch.cjs');
launch(process.argv.slice(2), join(__dirname, '..', 'dist', 'cli')).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    // main() catches everything; this is a broken installation (a bundle missing, say).
    process.stderr.write(`leakguard: internal error: ${String(error instanceof Error ? error.message : error).split('\n')[0]}\n`);
    process.exitCode = 2;
  },
);
