import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readRuleYaml } from '../src/rules/builtin.js';
import { compileRules, scanFragment } from '../src/scanner/index.js';
import type { Finding, Fragment } from '../src/types/index.js';
import { FakeTokens } from '../src/util/fake-tokens.js';
import { globMatcher } from '../src/util/globs.js';
import { REPO_ROOT } from './support/cli.js';

// The inputs that hung leakguard in issue 9, scanned through the real scanner with every built-in
// rule. A catastrophic regex blocks the thread, so vitest's own timeout could never fire: the scan
// runs under a vm timeout instead, which interrupts a running RegExp. The limit is a failure mode
// for a hang (minutes before the fix), not a speed target; those live in bench/.
const HANG_LIMIT_MS = 20_000;
// The YAML under test, not dist/rules.json (which may predate the change being tested).
const compiled = compileRules(readRuleYaml(join(REPO_ROOT, 'rules')), globMatcher);

function scanOrFail(fragment: Fragment): Finding[] {
  let findings: Finding[] = [];
  const run = (): void => {
    findings = scanFragment(fragment, compiled);
  };
  runInNewContext('run()', { run }, { timeout: HANG_LIMIT_MS });
  return findings;
}

const tokens = new FakeTokens(9009);

describe('issue 9 hang cases finish with the right result', () => {
  it('a Python `if wandb:` block of indented wandb.log calls', () => {
    const body = '        wandb.log({"loss": loss, "step": step, "lr": scheduler.get_last_lr()[0]})\n'.repeat(8);
    const text = `import wandb\n\nif wandb:\n${body}`;
    expect(scanOrFail({ path: 'train.py', text })).toEqual([]);
  });

  it('a Hydra `logger: wandb:` block with 6-space children, with and without a key', () => {
    const children = Array.from({ length: 9 }, (_, i) => `      option_${i}: value number ${i} for the logger\n`).join('');
    const clean = `trainer:\n  logger:\n    wandb:\n${children}`;
    expect(scanOrFail({ path: 'conf/config.yaml', text: clean })).toEqual([]);
    const key = tokens.chars('hex', 40);
    const leaky = `trainer:\n  logger:\n    wandb:\n${children}      api_key: ${key}\n`;
    expect(scanOrFail({ path: 'conf/config.yaml', text: leaky }).map((f) => [f.ruleId, f.secret])).toEqual([['wandb-api-key', key]]);
  });

  it('a private-key block whose header lines repeat `Ab: x` many times on a line', () => {
    const line = `${'Ab: x '.repeat(33)}\n`;
    const text = `-----BEGIN RSA PRIVATE KEY-----\n${line}`.repeat(400);
    expect(scanOrFail({ path: 'keys.pem', text })).toEqual([]);
  });

  it('a private key with RFC 1421 headers is still found', () => {
    const body = Array.from({ length: 6 }, () => tokens.chars('b64', 64)).join('\n');
    const pem = `-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,${tokens.chars('HEX', 32)}\n\n${body}\n-----END RSA PRIVATE KEY-----\n`;
    expect(scanOrFail({ path: 'id_rsa', text: pem }).map((f) => f.ruleId)).toEqual(['private-key']);
  });
});
