import { describe, expect, it } from 'vitest';
import { scanFragment } from '../../src/scanner/index.js';
import { FakeTokens, seededRandom } from '../../src/util/fake-tokens.js';
import { builtinCompiled } from '../support/rules.js';

// Random bytes and near-token strings: the engine must never throw, whatever the input.
const PREFIXES = ['hf_', 'api_org_', 'wandb_v1_', 'local-', 'rpa_', 'sk-', 'sk-proj-', 'sk-ant-api03-', 'ghp_', 'github_pat_', 'glpat-', 'xoxb-', 'AKIA', 'AIza', 'r8_', 'gsk_', 'KGAT_', '-----BEGIN RSA PRIVATE KEY-----', 'machine api.wandb.ai password ', 'WANDB_API_KEY=', 'runpod.api_key = "'];

describe('fuzz', () => {
  const random = seededRandom(7);
  const tokens = new FakeTokens(7);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)] as T;

  it('survives random bytes decoded as UTF-8', () => {
    for (let round = 0; round < 300; round++) {
      const bytes = Buffer.alloc(Math.floor(random() * 2000));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
      const text = bytes.toString('utf8');
      for (const path of ['a.py', 'b.ipynb', 'c.json']) {
        expect(() => scanFragment({ path, text }, builtinCompiled())).not.toThrow();
      }
    }
  });

  it('survives random near-token strings and returns well-formed findings', () => {
    const charsets = ['alnum', 'hex', 'b64url', 'upperdigit', 'alpha'] as const;
    for (let round = 0; round < 500; round++) {
      const parts: string[] = [];
      for (let i = 0; i < 1 + Math.floor(random() * 8); i++) {
        parts.push(pick(PREFIXES) + tokens.chars(pick([...charsets]), Math.floor(random() * 120)));
        parts.push(pick([' ', '\n', '"', "'", '=', '\r\n', '\\n', '', '`', '\0']));
      }
      const text = parts.join('');
      const findings = scanFragment({ path: pick(['x.py', 'y.ipynb', '.netrc', 'kaggle.json']), text }, builtinCompiled());
      for (const finding of findings) {
        expect(finding.line).toBeGreaterThanOrEqual(1);
        expect(finding.column).toBeGreaterThanOrEqual(1);
        expect(text).toContain(finding.secret);
      }
    }
  });
});
