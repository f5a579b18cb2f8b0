#!/usr/bin/env node
// Before/after for speed work: two builds of leakguard side by side on the same corpus tree.
//   node bench/compare.mjs --before /path/to/old/checkout [--reps 5] [--size 200MB --files 20000]
// The old checkout needs its own `npm run build` (a `git archive` of an older commit with this
// node_modules symlinked in works).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureTree, parseSize } from './corpus.mjs';
import { benchCases } from './lib/measure.mjs';
import { section } from './lib/report.mjs';
import { isolate } from './lib/repos.mjs';

const { values } = parseArgs({ options: { before: { type: 'string' }, reps: { type: 'string' }, size: { type: 'string' }, files: { type: 'string' }, threads: { type: 'string' } } });
if (!values.before) {
  console.error('usage: node bench/compare.mjs --before DIR [--reps N] [--size 200MB] [--files 20000]');
  process.exit(2);
}
const after = fileURLToPath(new URL('..', import.meta.url));
const { dir, manifest } = ensureTree({ sizeBytes: parseSize(values.size ?? '200MB'), files: Number(values.files ?? 20_000) });
isolate(dir);
const count = (stdout) => JSON.parse(stdout).findings.length;
const threads = values.threads ? ['--threads', values.threads] : [];
const cases = [
  ['before', values.before],
  ['after', after],
].map(([label, root]) => ({ label: `${label}${threads.length ? ` --threads ${values.threads}` : ''}`, cmd: process.execPath, args: [join(root, 'bin', 'leakguard.js'), 'scan', '.', '--format', 'json', ...threads], cwd: dir, findings: count }));
const rows = benchCases(cases, Number(values.reps ?? 5), (line) => console.error(line));
console.log(section('Before / after', `${manifest.files} files, ${(manifest.bytes / 1024 / 1024).toFixed(0)} MB. Ratio: case wall / before wall.`, rows, (row) => `${(row.wallMs / rows[0].wallMs).toFixed(2)}x`));
