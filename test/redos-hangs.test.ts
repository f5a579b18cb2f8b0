import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readRuleYaml } from '../src/rules/builtin.js';
import { compileRules, scanFragment } from '../src/scanner/index.js';
import type { Finding, Fragment, ScanNote } from '../src/types/index.js';
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
  const notes: ScanNote[] = [];
  const run = (): void => {
    findings = scanFragment(fragment, compiled, { budgetMs: HANG_LIMIT_MS, notes });
  };
  runInNewContext('run()', { run }, { timeout: HANG_LIMIT_MS * 2 });
  // The scanner's own budget is the second failure mode: it ran out, so some rule is not linear.
  expect(notes).toEqual([]);
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

const MB = 1 << 20;
const fill = (unit: string): string => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
const indented = (head: string, indent: string): string =>
  head + Array.from({ length: 10 }, (_, i) => `${indent}entry_${i}: value ${i} of the block\n`).join('');

// Multi-line templates, about 1 MB each: the shapes one-line repetition never reaches.
const TEMPLATES: Record<string, string> = {
  'YAML wandb: block + 10 indented lines': indented('wandb:\n', '      '),
  'nested YAML logger: wandb: block': indented('logger:\n  wandb:\n', '      '),
  'Python if wandb: + 10 indented lines': `if wandb:\n${'        wandb.log({"loss": loss})\n'.repeat(10)}`,
  'TOML [wandb] table + 10 lines': indented('[wandb]\n', ''),
  'dict "wandb": { with many keys': `"wandb": {${'"project": "demo", '.repeat(20)}\n`,
  'wandb login with many options': `wandb login${' --relogin --host h'.repeat(12)}\n`,
  'machine api.wandb.ai without password': 'machine api.wandb.ai\n  login user\n',
  'repeated PEM headers': `-----BEGIN RSA PRIVATE KEY-----\n${'Proc-Type: 4,ENCRYPTED\n'.repeat(8)}`,
  'headers repeated on one line': `-----BEGIN RSA PRIVATE KEY-----\n${'Ab: x '.repeat(30)}\n`,
  'BEGIN without END, PEM body': `-----BEGIN PRIVATE KEY-----\n${'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n'.repeat(400)}`,
  'BEGIN without END, OpenSSH body': `-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE${'AAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQAAACB\\n'.repeat(300)}`,
  'JSON-escaped BEGIN without END': `"private_key": "-----BEGIN PRIVATE KEY-----\\n${'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n'.repeat(600)}`,
  'kaggle.json keys without values': '{"username": "u", "key": ',
  'aws secret names': 'aws_secret_secret_secret_access_key_',
  'netrc machine/login chains': 'machine host login user account acct ',
};
const CHARSET_RUNS = ['a', 'A', '0', 'f', ' ', '\t', '\n', '\r\n', '-', '_', '.', '+', '/', '=', '"', "'", '\\', '\\n', ':', ','];

describe('1 MB adversarial inputs finish with the right result', () => {
  for (const [name, unit] of Object.entries(TEMPLATES)) {
    it(name, { timeout: HANG_LIMIT_MS * 4 }, () => {
      expect(scanOrFail({ path: 'big.yaml', text: fill(unit) })).toEqual([]);
    });
  }

  it('a key after 1 MB of wandb blocks is still found', { timeout: HANG_LIMIT_MS * 4 }, () => {
    const key = tokens.chars('hex', 40);
    const text = `${fill(TEMPLATES['YAML wandb: block + 10 indented lines']!)}\nwandb:\n  project: p\n  api_key: ${key}\n`;
    expect(scanOrFail({ path: 'big.yaml', text }).map((f) => [f.ruleId, f.secret])).toEqual([['wandb-api-key', key]]);
  });

  it('long runs of each character class, behind every keyword', { timeout: HANG_LIMIT_MS * 8 }, () => {
    const keywords = compiled.keywords.join(' ');
    for (const unit of CHARSET_RUNS) {
      expect(scanOrFail({ path: 'run.txt', text: `${keywords}\n${fill(unit)}` }), JSON.stringify(unit)).toEqual([]);
    }
  });

  it('1 MB of each rule keyword, alone and followed by a blank, an = and a newline', { timeout: HANG_LIMIT_MS * 8 }, () => {
    for (const keyword of compiled.keywords) {
      for (const suffix of ['', ' ', '=', '\n  ']) {
        expect(scanOrFail({ path: 'kw.txt', text: fill(keyword + suffix) }), `${keyword}${suffix}`).toEqual([]);
      }
    }
  });
});
