/**
 * The pre-commit path (`scan --staged`, the built binary) verifies only when the user's own
 * config (~/.config/leakguard/config.json) or LEAKGUARD_VERIFY_ON_COMMIT opts in, never because
 * a repository's `.leakguard.json` says so, and `--no-verify` still wins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { runCli, sandbox, type Sandbox } from '../check/repo.js';
import { startMockProviders, type MockProviders } from './mock-providers.js';

const tokens = new FakeTokens(2718);

let mock: MockProviders;
beforeAll(async () => {
  mock = await startMockProviders();
});
afterAll(async () => {
  await mock.close();
});

function stagedLeak(config: object | undefined): { box: Sandbox; secret: string } {
  const box = sandbox();
  const secret = tokens.huggingFace();
  mock.behave(secret, 'live', 'hook-user');
  if (config) box.write('.leakguard.json', JSON.stringify(config), 0o644);
  box.write('train.py', `login(token="${secret}")\n`, 0o644);
  box.git('add', 'train.py');
  return { box, secret };
}

describe('scan --staged and verifyOnCommit', { timeout: 60_000 }, () => {
  it('does not verify by default', async () => {
    const { box, secret } = stagedLeak(undefined);
    const run = await runCli(['scan', '--staged', '--format', 'json'], box.root, { ...box.env, ...mock.env });
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout).findings[0]).not.toHaveProperty('verification');
    expect(mock.requests.some((request) => request.secret === secret)).toBe(false);
  });

  it('ignores verifyOnCommit in a repository config, and says so', async () => {
    const { box, secret } = stagedLeak({ verifyOnCommit: true });
    const env = { ...box.env, ...mock.env };
    const json = await runCli(['scan', '--staged', '--format', 'json'], box.root, env);
    expect(json.status).toBe(1);
    const report = JSON.parse(json.stdout) as { findings: object[]; notes: { path: string; reason: string; detail: string }[] };
    expect(report.findings[0]).not.toHaveProperty('verification');
    expect(report.notes).toContainEqual(expect.objectContaining({ path: '.leakguard.json', reason: 'config', detail: expect.stringContaining('verifyOnCommit is ignored') }));
    const text = await runCli(['scan', '--staged'], box.root, env);
    expect(text.stdout + text.stderr).toContain('verifyOnCommit is ignored in a repository config');
    expect(mock.requests.some((request) => request.secret === secret)).toBe(false);
  });

  it('verifies when the user opts in (own config or environment), in JSON and in the block message', async () => {
    const { box, secret } = stagedLeak(undefined);
    box.writeHome('.config/leakguard/config.json', JSON.stringify({ verifyOnCommit: true }));
    const env = { ...box.env, ...mock.env };
    const json = await runCli(['scan', '--staged', '--format', 'json'], box.root, env);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout).findings[0].verification).toEqual({ status: 'live', account: 'hook-user' });

    const text = await runCli(['scan', '--staged'], box.root, env);
    expect(text.status).toBe(1);
    expect(text.stdout + text.stderr).toContain('live key of hook-user');
    expect(text.stdout + text.stderr).not.toContain(secret);

    const other = stagedLeak(undefined);
    const viaEnv = await runCli(['scan', '--staged', '--format', 'json'], other.box.root, { ...other.box.env, ...mock.env, LEAKGUARD_VERIFY_ON_COMMIT: '1' });
    expect(JSON.parse(viaEnv.stdout).findings[0].verification).toEqual({ status: 'live', account: 'hook-user' });
  });

  it('lets --no-verify override the user config', async () => {
    const { box, secret } = stagedLeak(undefined);
    box.writeHome('.config/leakguard/config.json', JSON.stringify({ verifyOnCommit: true }));
    const before = mock.requests.filter((request) => request.secret === secret).length;
    const run = await runCli(['scan', '--staged', '--no-verify', '--format', 'json'], box.root, { ...box.env, ...mock.env });
    expect(JSON.parse(run.stdout).findings[0]).not.toHaveProperty('verification');
    expect(mock.requests.filter((request) => request.secret === secret).length).toBe(before);
  });
});
