#!/usr/bin/env node
// Baseline for the engine-overhead ratio: the same rule patterns as one combined regex (two: one
// case-sensitive, one case-insensitive; Node 20 has no inline (?i)), run over every file of a
// tree in a single Node process. No prefilter, no workers, no filtering: the floor for a Node
// regex scan of those bytes.   Usage: node bench/combined-regex.mjs DIR
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const MAX_FILE_BYTES = 2 * 1024 * 1024;
const rules = JSON.parse(readFileSync(new URL('../dist/rules.json', import.meta.url), 'utf8'));
const combine = (list, flags) => (list.length ? new RegExp(list.map((rule) => `(?:${rule.regex})`).join('|'), flags) : undefined);
const patterns = [
  combine(rules.filter((rule) => !rule.caseInsensitive), 'g'),
  combine(rules.filter((rule) => rule.caseInsensitive), 'gi'),
].filter(Boolean);

let matches = 0;
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '.git') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.isFile() && statSync(path).size <= MAX_FILE_BYTES) {
      const text = readFileSync(path, 'utf8');
      for (const pattern of patterns) {
        pattern.lastIndex = 0;
        while (pattern.exec(text)) matches++;
      }
    }
  }
};
walk(process.argv[2] ?? '.');
console.log(matches);
