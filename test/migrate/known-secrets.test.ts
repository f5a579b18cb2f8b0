import { describe, expect, it } from 'vitest';
import { KNOWN_SECRETS, STATIC_KNOWN_SECRETS } from '../../src/migrate/known-secrets.js';
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

// A provider added to rules/ must also reach the generated resolvers (names, aliases, token page).
describe('resolver table coverage', () => {
  // Not API keys an app reads from its environment: machine files, URLs and per-user OAuth tokens.
  const NOT_RESOLVED = new Set([
    'DATABASE_URL',
    'NETRC_PASSWORD',
    'PRIVATE_KEY',
    'SSH_PRIVATE_KEY',
    'GOOGLE_API_KEY',
    'GOOGLE_CLIENT_SECRET',
    'GOOGLE_OAUTH_ACCESS_TOKEN',
    'GOOGLE_REFRESH_TOKEN',
    'GITHUB_REFRESH_TOKEN',
    'GITLAB_TRIGGER_TOKEN',
    'GITLAB_OAUTH_SECRET',
    'ANTHROPIC_ADMIN_KEY',
    'CLAUDE_CODE_OAUTH_TOKEN',
    'SLACK_BOT_TOKEN',
    'SLACK_USER_TOKEN',
    'SLACK_APP_TOKEN',
    'SLACK_TOKEN',
    'SLACK_WEBHOOK_URL',
    'SLACK_SESSION_TOKEN',
  ]);

  it('lists every built-in rule variable, with the token page the rule names', () => {
    const rules = loadBuiltinRules();
    const names = new Set(KNOWN_SECRETS.map((entry) => entry.name));
    const missing = [...new Set(rules.map((rule) => rule.envVar))].filter((name) => !names.has(name) && !NOT_RESOLVED.has(name));
    expect(missing).toEqual([]);
  });
});
