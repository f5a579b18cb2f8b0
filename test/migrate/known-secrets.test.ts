import { describe, expect, it } from 'vitest';
import { KNOWN_SECRETS, STATIC_KNOWN_SECRETS } from '../../src/migrate/resolvers/known-secrets.js';
import { loadBuiltinRules } from '../../src/rules/builtin.js';

// `leakguard check` reads aliases from the rules; the generated resolvers from this table. A user
// must get the same answer from both, so every alias the table adds must also be in the rules.
describe('resolver alias table', () => {
  const rules = loadBuiltinRules();

  it('lists no alias for a ruled credential that its rules do not also list', () => {
    for (const entry of STATIC_KNOWN_SECRETS) {
      const ruled = rules.filter((rule) => rule.envVar === entry.name);
      if (ruled.length === 0) continue;
      const ruleAliases = new Set(ruled.flatMap((rule) => rule.envAliases ?? []));
      expect(entry.aliases.filter((alias) => !ruleAliases.has(alias)), entry.name).toEqual([]);
    }
  });

  it('carries every rule alias into the rendered table', () => {
    for (const rule of rules) {
      const entry = KNOWN_SECRETS.find((known) => known.name === rule.envVar);
      if (!entry) continue;
      for (const alias of rule.envAliases ?? []) expect(entry.aliases, rule.id).toContain(alias);
    }
  });
});
