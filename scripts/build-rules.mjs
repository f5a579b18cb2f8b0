// Compiles rules/*.yaml into dist/rules.json after validating them with the same schema users'
// rules go through, so a broken built-in rule fails the build, not a user's commit.
import { mkdirSync, writeFileSync } from 'node:fs';
import { readRuleYaml } from '../dist/src/rules/builtin.js';
import { validateRules } from '../dist/src/config/schema.js';
import { compileRules } from '../dist/src/scanner/index.js';
import { readShape } from '../dist/src/scanner/shapes.js';

const rules = readRuleYaml(new URL('../rules', import.meta.url).pathname);
validateRules(rules, 'rules/*.yaml');
compileRules(rules, () => () => true);
mkdirSync(new URL('../dist', import.meta.url), { recursive: true });
// Written as ASCII (non-ASCII as \u escapes, which JSON.parse reads back the same): every scan
// reads these files, and decoding pure ASCII is Node's fast path.
const asciiJson = (value) => JSON.stringify(value).replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
writeFileSync(new URL('../dist/rules.json', import.meta.url), asciiJson(rules));
// What the regex readers say about each rule, so no scan reads them again (src/scanner/shapes.ts).
writeFileSync(new URL('../dist/rule-shapes.json', import.meta.url), asciiJson(rules.map((rule) => [rule.id, readShape(rule)])));
console.error(`leakguard: ${rules.length} built-in rules compiled`);
