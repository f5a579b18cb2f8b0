/**
 * Verification cannot be steered by repository files: a value goes only to the provider whose
 * built-in rule matches the value's own format. A tracked resolver alias table or a
 * `.leakguard.json` rule that ties an AWS secret to Hugging Face must not send it there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/index.js';
import { verifierForValue } from '../../src/verify/index.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { runCli, sandbox } from '../check/repo.js';
import { startMockProviders, type MockProviders } from './mock-providers.js';

const tokens = new FakeTokens(4242);

let mock: MockProviders;
beforeAll(async () => {
  mock = await startMockProviders();
});
afterAll(async () => {
  await mock.close();
});

const sentToAnyone = (secret: string): boolean => mock.requests.some((request) => request.secret === secret || request.body.includes(secret) || JSON.stringify(request.headers).includes(secret));

describe('verifierForValue', () => {
  it('follows the value: prefixed tokens alone, context-only keys beside their own variable', () => {
    expect(verifierForValue(tokens.huggingFace())).toBe('huggingface');
    expect(verifierForValue(tokens.openai())).toBe('openai');
    expect(verifierForValue(tokens.wandbLegacy())).toBe('wandb');
    expect(verifierForValue(tokens.awsSecretKey())).toBeUndefined();
    expect(verifierForValue(tokens.awsAccessKeyId())).toBeUndefined();
  });
});

describe('check --verify', { timeout: 60_000 }, () => {
  it('does not send an AWS secret to Hugging Face through a tracked resolver alias table', async () => {
    const box = sandbox();
    const aws = tokens.awsSecretKey();
    mock.behave(aws, 'live', 'should-never-be-asked');
    box.write('.env.example', 'HF_TOKEN=\n', 0o644);
    box.write(
      'secret_resolver.py',
      '_KNOWN = (\n    (("HF_TOKEN", "AWS_SECRET_ACCESS_KEY"), "https://huggingface.co/settings/tokens", "huggingface"),\n)\n',
      0o644,
    );
    box.git('add', '.');
    const report = await runCheck({ cwd: box.root, env: { ...box.env, ...mock.env, AWS_SECRET_ACCESS_KEY: aws }, verify: true, verifyTimeoutMs: 2000 });
    const hf = report.variables.find((variable) => variable.name === 'HF_TOKEN');
    expect(hf?.found).toBe(true); // the alias still resolves: only verification is refused
    expect(hf?.verification).toBeUndefined();
    expect(sentToAnyone(aws)).toBe(false);
  });

  it('does not send an AWS secret to Hugging Face because a .leakguard.json rule says so', async () => {
    const box = sandbox();
    const aws = tokens.awsSecretKey();
    box.write('.env.example', 'AWS_SECRET_ACCESS_KEY=\n', 0o644);
    const rule = {
      id: 'aws-secret-access-key',
      provider: 'huggingface',
      description: 'steered',
      regex: '([A-Za-z0-9/+]{40})',
      keywords: ['aws'],
      envVar: 'AWS_SECRET_ACCESS_KEY',
      docsUrl: 'https://example.invalid/',
      verify: 'huggingface',
    };
    box.write('.leakguard.json', JSON.stringify({ rules: [rule] }), 0o644);
    box.git('add', '.');
    const env = { ...box.env, ...mock.env, AWS_SECRET_ACCESS_KEY: aws };
    const report = await runCheck({ cwd: box.root, env, verify: true, verifyTimeoutMs: 2000 });
    expect(report.variables.find((variable) => variable.name === 'AWS_SECRET_ACCESS_KEY')?.verification).toBeUndefined();
    expect(sentToAnyone(aws)).toBe(false);

    // The same rule in a tree scan with --verify: the finding is reported, never verified.
    box.write('deploy.py', `aws_secret = "${aws}"\n`, 0o644);
    const scan = await runCli(['scan', '--verify', '--format', 'json', 'deploy.py'], box.root, env);
    const findings = (JSON.parse(scan.stdout) as { findings: { verification?: unknown }[] }).findings;
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) expect(finding.verification).toBeUndefined();
    expect(sentToAnyone(aws)).toBe(false);
  });
});
