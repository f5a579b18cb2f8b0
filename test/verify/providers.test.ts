import { describe, expect, it } from 'vitest';
import { baseUrlFor, isLoopback } from '../../src/verify/endpoint.js';
import { VERIFIERS, interpretResponse } from '../../src/verify/providers.js';
import { mapWithConcurrency } from '../../src/verify/pool.js';
import { ConfigError } from '../../src/util/errors.js';

const huggingface = VERIFIERS['huggingface']!;
const wandb = VERIFIERS['wandb']!;
const runpod = VERIFIERS['runpod']!;
const anthropic = VERIFIERS['anthropic']!;
const github = VERIFIERS['github']!;

describe('interpretResponse', () => {
  it('maps each provider’s documented statuses', () => {
    expect(interpretResponse(huggingface, { status: 200, json: { name: 'alice' } })).toEqual({ status: 'live', account: 'alice' });
    expect(interpretResponse(huggingface, { status: 401, json: undefined })).toEqual({ status: 'invalid' });
    expect(interpretResponse(huggingface, { status: 403, json: undefined })).toEqual({ status: 'unknown', detail: 'HTTP 403' });
    expect(interpretResponse(anthropic, { status: 404, json: undefined })).toEqual({ status: 'invalid' });
    expect(interpretResponse(anthropic, { status: 400, json: undefined })).toEqual({ status: 'unknown', detail: 'HTTP 400' });
    expect(interpretResponse(runpod, { status: 403, json: undefined })).toEqual({ status: 'invalid' });
    expect(interpretResponse(github, { status: 503, json: undefined })).toEqual({ status: 'unknown', detail: 'HTTP 503' });
    expect(interpretResponse(github, { status: 429, json: undefined })).toEqual({ status: 'unknown', detail: 'rate limited' });
  });

  it('needs the GraphQL answer, not just a 200, for W&B and Runpod', () => {
    expect(interpretResponse(wandb, { status: 200, json: { data: { viewer: { username: 'bob' } } } })).toEqual({ status: 'live', account: 'bob' });
    expect(interpretResponse(wandb, { status: 200, json: { data: { viewer: null } } }).status).toBe('unknown');
    expect(interpretResponse(runpod, { status: 200, json: { data: { myself: { id: 'u1' } } } })).toEqual({ status: 'live', account: 'u1' });
    expect(interpretResponse(runpod, { status: 200, json: { errors: [{ message: 'nope' }] } }).status).toBe('unknown');
  });

  it('survives a live response that is not JSON, and truncates long account names', () => {
    expect(interpretResponse(github, { status: 200, json: undefined })).toEqual({ status: 'live' });
    const account = interpretResponse(github, { status: 200, json: { login: 'a'.repeat(500) } }).account;
    expect(account).toHaveLength(100);
  });
});

describe('baseUrlFor', () => {
  it('defaults to the provider’s own https endpoint', () => {
    for (const verifier of Object.values(VERIFIERS)) expect(baseUrlFor(verifier, {})).toMatch(/^https:\/\/[a-z.]+$/);
  });

  it('accepts https anywhere (on-prem W&B) and http only on loopback', () => {
    expect(baseUrlFor(wandb, { LEAKGUARD_VERIFY_WANDB_URL: 'https://wandb.corp.internal/' })).toBe('https://wandb.corp.internal');
    expect(baseUrlFor(wandb, { LEAKGUARD_VERIFY_WANDB_URL: 'http://127.0.0.1:8080/mock/' })).toBe('http://127.0.0.1:8080/mock');
    expect(baseUrlFor(wandb, { LEAKGUARD_VERIFY_WANDB_URL: 'http://[::1]:8080' })).toBe('http://[::1]:8080');
    expect(() => baseUrlFor(wandb, { LEAKGUARD_VERIFY_WANDB_URL: 'http://10.0.0.5' })).toThrow(ConfigError);
    expect(() => baseUrlFor(wandb, { LEAKGUARD_VERIFY_WANDB_URL: 'http://127.0.0.1.evil.example' })).toThrow(ConfigError);
    expect(() => baseUrlFor(wandb, { LEAKGUARD_VERIFY_WANDB_URL: 'ftp://127.0.0.1' })).toThrow(ConfigError);
    expect(() => baseUrlFor(wandb, { LEAKGUARD_VERIFY_WANDB_URL: 'not a url' })).toThrow(/not a URL/);
    expect(() => baseUrlFor(wandb, { LEAKGUARD_VERIFY_WANDB_URL: 'https://user:pw@host' })).toThrow(/credentials/);
  });

  it('recognises loopback hosts only', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '[::1]'].every(isLoopback)).toBe(true);
    expect(['10.0.0.1', '128.0.0.1', 'localhost.example.com', '0.0.0.0'].some(isLoopback)).toBe(false);
  });
});

describe('mapWithConcurrency', () => {
  it('keeps input order and never exceeds the limit', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapWithConcurrency([5, 1, 4, 2, 3, 0], 2, async (value) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, value));
      running--;
      return value * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBeLessThanOrEqual(2);
  });

  it('handles an empty list', async () => {
    expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([]);
  });
});
