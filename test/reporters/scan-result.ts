/**
 * Builds findings and scan results for reporter tests. Every token is generated at run time from
 * a fixed seed, so snapshots are stable and the repository holds no token-shaped literal.
 */
import { createHash } from 'node:crypto';
import { redact } from '../../src/findings/redact.js';
import type { Finding, ScanResult } from '../../src/types/index.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';

export const SEED = 4242;

type FindingOverrides = Partial<Finding> & Pick<Finding, 'secret'>;

export function createFinding(overrides: FindingOverrides): Finding {
  const base: Finding = {
    ruleId: 'huggingface-user-token',
    provider: 'huggingface',
    description: 'Hugging Face user access token',
    path: 'configs/base_config.py',
    line: 12,
    column: 21,
    endColumn: 0,
    commit: null,
    secret: overrides.secret,
    redacted: redact(overrides.secret),
    fingerprint: '',
    envVar: 'HF_TOKEN',
    docsUrl: 'https://huggingface.co/settings/tokens',
  };
  const finding = { ...base, ...overrides };
  finding.endColumn = overrides.endColumn ?? finding.column + finding.secret.length;
  finding.fingerprint ||= createHash('sha256').update(`${finding.ruleId}\0${finding.path}\0${finding.secret}`).digest('hex');
  return finding;
}

/** One finding of every optional shape: plain, notebook, history, verified, second file, known test token. */
export function createMixedResult(seed = SEED): ScanResult {
  const tokens = new FakeTokens(seed);
  return {
    findings: [
      createFinding({ secret: tokens.huggingFace() }),
      createFinding({
        secret: tokens.wandbLegacy(),
        ruleId: 'wandb-api-key',
        provider: 'wandb',
        description: 'Weights & Biases API key',
        line: 40,
        column: 5,
        envVar: 'WANDB_API_KEY',
        docsUrl: 'https://wandb.ai/authorize',
        verification: { status: 'live', account: 'acme-research' },
      }),
      createFinding({
        secret: tokens.huggingFace(),
        path: 'notebooks/train model.ipynb',
        line: 7,
        column: 14,
        cell: 2,
        cellLine: 3,
      }),
      createFinding({
        secret: tokens.runpod(),
        ruleId: 'runpod-api-key',
        provider: 'runpod',
        description: 'Runpod API key',
        path: 'scripts/launch.sh',
        line: 3,
        column: 16,
        commit: '0123456789abcdef0123456789abcdef01234567',
        occurrences: 3,
        envVar: 'RUNPOD_API_KEY',
        docsUrl: 'https://www.runpod.io/console/user/settings',
        verification: { status: 'unknown', detail: 'rate limited' },
      }),
      createFinding({
        secret: tokens.huggingFace(),
        path: 'tests/testing_constants.py',
        line: 11,
        column: 16,
        context: 'test',
        knownTest: true,
        note: 'huggingface_hub CI sandbox token',
      }),
    ],
    stats: { files: 17, bytes: 48213, durationMs: 31 },
  };
}

export function createEmptyResult(): ScanResult {
  return { findings: [], stats: { files: 9, bytes: 1024, durationMs: 4 } };
}
