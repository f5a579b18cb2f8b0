import { loadBuiltinRules } from '../../src/rules/builtin.js';
import { compileRules, type CompiledRules } from '../../src/scanner/index.js';
import { globMatcher } from '../../src/util/globs.js';

let compiled: CompiledRules | undefined;

/** The built-in rules, compiled once per test file. */
export function builtinCompiled(): CompiledRules {
  compiled ??= compileRules(loadBuiltinRules(), globMatcher);
  return compiled;
}
