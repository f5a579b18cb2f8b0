// Compiles rules/*.yaml into dist/rules.json after validating them with the same schema users'
// rules go through, so a broken built-in rule fails the build, not a user's commit.
import { mkdirSync, writeFileSync } from 'node:fs';
import { readRuleYaml } from '../dist/src/rules/builtin.js';
import { validateRules } from '../dist/src/config/schema.js';
import { compileRules } from '../dist/src/scanner/index.js';

const rules = readRuleYaml(new URL('../rules', import.meta.url).pathname);
validateRules(rules, 'rules/*.yaml');
compileRules(rules, () => () => true);
mkdirSync(new URL('../dist', import.meta.url), { recursive: true });
writeFileSync(new URL('../dist/rules.json', import.meta.url), JSON.stringify(rules));
console.error(`leakguard: ${rules.length} built-in rules compiled`);
