// Writes schema/leakguard.schema.json from the config schema; `--check` fails on drift (CI).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { configJsonSchema } from '../dist/src/config/schema.js';

const target = new URL('../schema/leakguard.schema.json', import.meta.url);
const text = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
if (process.argv.includes('--check')) {
  let current = '';
  try { current = readFileSync(target, 'utf8'); } catch { /* missing counts as drift */ }
  if (current !== text) {
    console.error('schema/leakguard.schema.json is out of date: run `npm run schema`');
    process.exit(1);
  }
} else {
  mkdirSync(new URL('../schema', import.meta.url), { recursive: true });
  writeFileSync(target, text);
}
