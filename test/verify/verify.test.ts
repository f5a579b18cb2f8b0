import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types/index.js';
import { redact } from '../../src/findings/redact.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { ConfigError } from '../../src/util/errors.js';
import { verifyFindings, verifySecrets, verificationKey } from '../../src/verify/index.js';
import { closedPort, startMockProviders, type MockProviders, type ProviderId } from './mock-providers.js';

const tokens = new FakeTokens(5150);

/** For the slow cases: short enough not to hold the suite up. */
const TEST_TIMEOUT_MS = 400;
/** For everything else: generous, so a loaded machine cannot turn an answer into a timeout. */
const ANSWER_TIMEOUT_MS = 10_000;

const SECRET_OF: Record<ProviderId, () => string> = {
  huggingface: () => tokens.huggingFace(),
  wandb: () => tokens.wandbLegacy(),
  runpod: () => tokens.runpod(),
  openai: () => tokens.openai(),
  anthropic: () => tokens.anthropic(),
  github: () => tokens.github(),
  openrouter: () => `sk-or-v1-${tokens.chars('hex', 64)}`,
  xai: () => `xai-${tokens.chars('alnum', 80)}`,
  cerebras: () => `csk-${tokens.chars('lowerdigit', 48)}`,
  devin: () => `apk_user_${tokens.chars('b64', 140)}`,
  pinecone: () => `pcsk_${tokens.chars('alnum', 6)}_${tokens.chars('alnum', 63)}`,
  elevenlabs: () => `sk_${tokens.chars('hex', 48)}`,
};

/** Providers whose read-only check returns no account name. */
const ANONYMOUS: ReadonlySet<ProviderId> = new Set(['openai', 'anthropic', 'cerebras', 'devin', 'pinecone']);

const PROVIDERS = Object.keys(SECRET_OF) as ProviderId[];



function finding(ruleId: string, secret: string): Finding {
  return {
    ruleId,
    provider: ruleId.split('-')[0] ?? 'generic',
    description: ruleId,
    path: 'train.py',
    line: 1,
    column: 1,
    endColumn: secret.length + 1,
    commit: null,
    secret,
    redacted: redact(secret),
    fingerprint: ruleId,
    envVar: 'X',
    docsUrl: 'https://example.invalid',
  };
}

let mock: MockProviders;

beforeAll(async () => {
  mock = await startMockProviders();
});
afterAll(async () => {
  await mock.close();
});
afterEach(() => {
  mock.requests.length = 0;
  mock.maxInFlight = 0;
  mock.delayMs = 0;
});

async function verifyOne(provider: ProviderId, secret: string, timeoutMs = ANSWER_TIMEOUT_MS) {
  const results = await verifySecrets([{ verifier: provider, secret }], { env: mock.env, timeoutMs });
  return results.get(verificationKey({ verifier: provider, secret }));
}

describe.each(PROVIDERS)('%s verification against a local mock', (provider) => {
  it('reports a live key, with the account name when the provider returns one', async () => {
    const secret = SECRET_OF[provider]();
    mock.behave(secret, 'live', 'acme-research');
    const result = await verifyOne(provider, secret);
    expect(result?.status).toBe('live');
    if (ANONYMOUS.has(provider)) expect(result?.account).toBeUndefined();
    else expect(result?.account).toBe('acme-research');
    expect(mock.requests).toHaveLength(1);
    expect(mock.requests[0]?.secret).toBe(secret);
  });

  it('reports a rejected key as invalid', async () => {
    const secret = SECRET_OF[provider]();
    mock.behave(secret, 'invalid');
    expect(await verifyOne(provider, secret)).toEqual({ status: 'invalid' });
  });

  it('reports 429 and 500 as unknown, never as invalid', async () => {
    const limited = SECRET_OF[provider]();
    const failing = SECRET_OF[provider]();
    mock.behave(limited, 'rate-limited');
    mock.behave(failing, 'server-error');
    expect(await verifyOne(provider, limited)).toEqual({ status: 'unknown', detail: 'rate limited' });
    expect(await verifyOne(provider, failing)).toEqual({ status: 'unknown', detail: 'HTTP 500' });
  });

  it('gives up on a slow provider after the timeout: unknown', async () => {
    const secret = SECRET_OF[provider]();
    mock.behave(secret, 'slow');
    expect(await verifyOne(provider, secret, TEST_TIMEOUT_MS)).toEqual({ status: 'unknown', detail: `timed out after ${TEST_TIMEOUT_MS} ms` });
  });
});

describe('request shapes', () => {
  it('sends each provider the documented method, path and credential header', async () => {
    const secrets = Object.fromEntries(PROVIDERS.map((provider) => [provider, SECRET_OF[provider]()])) as Record<ProviderId, string>;
    for (const provider of PROVIDERS) mock.behave(secrets[provider], 'live');
    await verifySecrets(PROVIDERS.map((provider) => ({ verifier: provider, secret: secrets[provider] })), { env: mock.env, timeoutMs: ANSWER_TIMEOUT_MS });
    const byProvider = new Map(mock.requests.map((request) => [request.provider, request]));
    expect(byProvider.get('huggingface')).toMatchObject({ method: 'GET', path: '/huggingface/api/whoami-v2' });
    expect(byProvider.get('huggingface')?.headers.authorization).toBe(`Bearer ${secrets.huggingface}`);
    expect(byProvider.get('wandb')).toMatchObject({ method: 'POST', path: '/wandb/graphql' });
    expect(JSON.parse(byProvider.get('wandb')?.body ?? '{}')).toEqual({ query: expect.stringContaining('viewer') });
    expect(byProvider.get('wandb')?.headers.authorization).toBe(`Basic ${Buffer.from(`api:${secrets.wandb}`).toString('base64')}`);
    expect(JSON.parse(byProvider.get('runpod')?.body ?? '{}')).toEqual({ query: '{ myself { id } }' });
    expect(byProvider.get('openai')).toMatchObject({ method: 'GET', path: '/openai/v1/models' });
    expect(byProvider.get('anthropic')?.headers['x-api-key']).toBe(secrets.anthropic);
    expect(byProvider.get('anthropic')?.headers['anthropic-version']).toBe('2023-06-01');
    expect(byProvider.get('anthropic')?.headers.authorization).toBeUndefined();
    expect(byProvider.get('github')?.headers.authorization).toBe(`token ${secrets.github}`);
    expect(byProvider.get('openrouter')).toMatchObject({ method: 'GET', path: '/openrouter/api/v1/key' });
    expect(byProvider.get('xai')).toMatchObject({ method: 'GET', path: '/xai/v1/api-key' });
    expect(byProvider.get('cerebras')?.headers.authorization).toBe(`Bearer ${secrets.cerebras}`);
    expect(byProvider.get('devin')).toMatchObject({ method: 'GET', path: '/devin/v1/sessions?limit=1' });
    expect(byProvider.get('pinecone')?.headers['api-key']).toBe(secrets.pinecone);
    expect(byProvider.get('pinecone')?.headers.authorization).toBeUndefined();
    expect(byProvider.get('elevenlabs')?.headers['xi-api-key']).toBe(secrets.elevenlabs);
    for (const request of mock.requests) expect(request.headers['user-agent']).toBe('leakguard');
  });

  it('uses the read-only admin endpoints for OpenAI and Anthropic admin keys', async () => {
    const openaiAdmin = `sk-admin-${tokens.chars('b64url', 58)}T3BlbkFJ${tokens.chars('b64url', 58)}`;
    const anthropicAdmin = `sk-ant-admin01-${tokens.chars('b64url', 93)}AA`;
    mock.behave(openaiAdmin, 'live');
    mock.behave(anthropicAdmin, 'live');
    expect((await verifyOne('openai', openaiAdmin))?.status).toBe('live');
    expect((await verifyOne('anthropic', anthropicAdmin))?.status).toBe('live');
    expect(mock.requests.map((request) => request.path)).toEqual([
      '/openai/v1/organization/admin_api_keys?limit=1',
      '/anthropic/v1/organizations/api_keys?limit=1',
    ]);
  });
});

describe('verifySecrets', () => {
  it('sends one request per distinct secret', async () => {
    const first = tokens.huggingFace();
    const second = tokens.huggingFace();
    mock.behave(first, 'live');
    mock.behave(second, 'invalid');
    const items = [first, second, first, first, second].map((secret) => ({ verifier: 'huggingface', secret }));
    const results = await verifySecrets(items, { env: mock.env, timeoutMs: ANSWER_TIMEOUT_MS });
    expect(mock.requests).toHaveLength(2);
    expect(results.get(verificationKey({ verifier: 'huggingface', secret: first }))?.status).toBe('live');
    expect(results.get(verificationKey({ verifier: 'huggingface', secret: second }))?.status).toBe('invalid');
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    mock.delayMs = 30;
    const secrets = Array.from({ length: 10 }, () => tokens.github());
    for (const secret of secrets) mock.behave(secret, 'live');
    await verifySecrets(secrets.map((secret) => ({ verifier: 'github', secret })), { env: mock.env, timeoutMs: 5000, concurrency: 3 });
    expect(mock.requests).toHaveLength(10);
    expect(mock.maxInFlight).toBeGreaterThanOrEqual(1);
    expect(mock.maxInFlight).toBeLessThanOrEqual(3);
  });

  it('turns a refused connection into unknown instead of throwing', async () => {
    const port = await closedPort();
    const secret = tokens.huggingFace();
    const results = await verifySecrets([{ verifier: 'huggingface', secret }], {
      env: { LEAKGUARD_VERIFY_HUGGINGFACE_URL: `http://127.0.0.1:${port}` },
      timeoutMs: ANSWER_TIMEOUT_MS,
    });
    expect(results.get(verificationKey({ verifier: 'huggingface', secret }))).toEqual({ status: 'unknown', detail: 'network error: ECONNREFUSED' });
  });

  it('never follows a redirect (it could carry the key to another host)', async () => {
    const secret = tokens.anthropic();
    mock.behave(secret, 'redirect');
    expect(await verifyOne('anthropic', secret)).toEqual({ status: 'unknown', detail: 'redirected (HTTP 302)' });
    expect(mock.redirectTargetHits).toBe(0);
  });

  it('reads the timeout from LEAKGUARD_VERIFY_TIMEOUT_MS when no option is given', async () => {
    const secret = tokens.runpod();
    mock.behave(secret, 'slow');
    const results = await verifySecrets([{ verifier: 'runpod', secret }], { env: { ...mock.env, LEAKGUARD_VERIFY_TIMEOUT_MS: '250' } });
    expect(results.get(verificationKey({ verifier: 'runpod', secret }))).toEqual({ status: 'unknown', detail: 'timed out after 250 ms' });
  });

  it('skips unknown verifier ids without a request', async () => {
    const results = await verifySecrets([{ verifier: 'no-such-provider', secret: tokens.github() }], { env: mock.env });
    expect(results.size).toBe(0);
    expect(mock.requests).toHaveLength(0);
  });

  it('refuses plain http to anything but loopback, before sending anything', async () => {
    const secret = tokens.huggingFace();
    const attempt = verifySecrets([{ verifier: 'huggingface', secret }], {
      env: { LEAKGUARD_VERIFY_HUGGINGFACE_URL: 'http://verify.example.com' },
      fetch: () => Promise.reject(new Error('must not be called')),
    });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(/LEAKGUARD_VERIFY_HUGGINGFACE_URL must be an https:\/\/ URL/);
  });

  it('calls the provider itself over https when nothing is overridden', async () => {
    const urls: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      urls.push(String(input));
      return new Response('{"login":"octo"}', { status: 200 });
    };
    const secrets = PROVIDERS.map((provider) => ({ verifier: provider, secret: SECRET_OF[provider]() }));
    await verifySecrets(secrets, { env: {}, fetch: fakeFetch });
    expect(urls.sort()).toEqual([
      'https://api.anthropic.com/v1/models?limit=1',
      'https://api.cerebras.ai/v1/models',
      'https://api.devin.ai/v1/sessions?limit=1',
      'https://api.elevenlabs.io/v1/user',
      'https://api.github.com/user',
      'https://api.openai.com/v1/models',
      'https://api.pinecone.io/indexes',
      'https://api.runpod.io/graphql',
      'https://api.wandb.ai/graphql',
      'https://api.x.ai/v1/api-key',
      'https://huggingface.co/api/whoami-v2',
      'https://openrouter.ai/api/v1/key',
    ]);
  });
});

describe('verifyFindings', () => {
  it('sets verification in place for rules that name a verifier, and leaves the rest alone', async () => {
    const live = tokens.huggingFace();
    const dead = tokens.wandbLegacy();
    mock.behave(live, 'live', 'org-one');
    mock.behave(dead, 'invalid');
    const findings = [
      finding('huggingface-key', live),
      finding('wandb-key', dead),
      finding('huggingface-key', live),
      finding('generic-secret', tokens.chars('alnum', 32)),
      finding('not-a-known-rule', tokens.chars('alnum', 32)),
    ];
    await verifyFindings(findings, { env: mock.env, timeoutMs: ANSWER_TIMEOUT_MS });
    expect(findings.map((item) => item.verification)).toEqual([
      { status: 'live', account: 'org-one' },
      { status: 'invalid' },
      { status: 'live', account: 'org-one' },
      undefined,
      undefined,
    ]);
    expect(mock.requests).toHaveLength(2);
  });

  it('resolves to unknown for every finding when the provider is unreachable', async () => {
    const port = await closedPort();
    const findings = [finding('github-key', tokens.github()), finding('openai-key', tokens.openai())];
    const env = { LEAKGUARD_VERIFY_GITHUB_URL: `http://127.0.0.1:${port}`, LEAKGUARD_VERIFY_OPENAI_URL: `http://localhost:${port}` };
    await expect(verifyFindings(findings, { env, timeoutMs: ANSWER_TIMEOUT_MS })).resolves.toBeUndefined();
    for (const item of findings) expect(item.verification?.status).toBe('unknown');
  });
});
