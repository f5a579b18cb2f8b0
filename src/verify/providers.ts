/**
 * One read-only "who am I" call per provider, with the status meanings from RULES.md (and the
 * peers it cites: trufflehog, Kingfisher). Requests never spend quota: no completions, no writes.
 * Pure: building a request and reading a response do no I/O, so they are tested without a network.
 */
import type { Verification } from '../types/index.js';

export interface VerifyRequest {
  method: 'GET' | 'POST';
  /** Path appended to the provider's base URL. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface VerifyResponse {
  status: number;
  /** Parsed JSON body of a 2xx response; undefined when it was not JSON. */
  json: unknown;
}

export interface Verifier {
  /** The `verify` id rules use. */
  id: string;
  /** `LEAKGUARD_VERIFY_<ENV_KEY>_URL` overrides the base URL. */
  envKey: string;
  defaultBaseUrl: string;
  request: (secret: string) => VerifyRequest;
  /** Reads a 2xx response (others are handled by `interpretResponse`). */
  readSuccess: (json: unknown) => Verification;
  /** Statuses that mean the provider rejected the credential. */
  invalidStatuses: readonly number[];
}

const JSON_HEADERS = { accept: 'application/json' };

const huggingface: Verifier = {
  id: 'huggingface',
  envKey: 'HUGGINGFACE',
  defaultBaseUrl: 'https://huggingface.co',
  request: (secret) => ({ method: 'GET', path: '/api/whoami-v2', headers: { ...JSON_HEADERS, authorization: `Bearer ${secret}` } }),
  readSuccess: (json) => live(stringAt(json, ['name'])),
  invalidStatuses: [401],
};

const wandb: Verifier = {
  id: 'wandb',
  envKey: 'WANDB',
  defaultBaseUrl: 'https://api.wandb.ai',
  request: (secret) => ({
    method: 'POST',
    path: '/graphql',
    headers: {
      ...JSON_HEADERS,
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`api:${secret}`).toString('base64')}`,
    },
    body: JSON.stringify({ query: 'query Viewer { viewer { id username } }' }),
  }),
  readSuccess: (json) => {
    const username = stringAt(json, ['data', 'viewer', 'username']);
    return username ? live(username) : { status: 'unknown', detail: 'no viewer in response' };
  },
  invalidStatuses: [401],
};

const runpod: Verifier = {
  id: 'runpod',
  envKey: 'RUNPOD',
  defaultBaseUrl: 'https://api.runpod.io',
  request: (secret) => ({
    method: 'POST',
    path: '/graphql',
    headers: { ...JSON_HEADERS, 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    body: JSON.stringify({ query: '{ myself { id } }' }),
  }),
  readSuccess: (json) => {
    const myself = valueAt(json, ['data', 'myself']);
    if (myself && typeof myself === 'object') return live(stringAt(myself, ['id']));
    return { status: 'unknown', detail: 'no account in response' };
  },
  invalidStatuses: [401, 403],
};

const openai: Verifier = {
  id: 'openai',
  envKey: 'OPENAI',
  defaultBaseUrl: 'https://api.openai.com',
  // Admin keys cannot list models; they can list admin keys, which is just as read-only.
  request: (secret) => ({
    method: 'GET',
    path: secret.startsWith('sk-admin-') ? '/v1/organization/admin_api_keys?limit=1' : '/v1/models',
    headers: { ...JSON_HEADERS, authorization: `Bearer ${secret}` },
  }),
  readSuccess: () => live(undefined),
  invalidStatuses: [401],
};

const anthropic: Verifier = {
  id: 'anthropic',
  envKey: 'ANTHROPIC',
  defaultBaseUrl: 'https://api.anthropic.com',
  request: (secret) => ({
    method: 'GET',
    path: secret.startsWith('sk-ant-admin') ? '/v1/organizations/api_keys?limit=1' : '/v1/models?limit=1',
    headers: { ...JSON_HEADERS, 'x-api-key': secret, 'anthropic-version': '2023-06-01' },
  }),
  readSuccess: () => live(undefined),
  // "404 is returned if api key is disabled or not found" (trufflehog anthropic.go).
  invalidStatuses: [401, 404],
};

const github: Verifier = {
  id: 'github',
  envKey: 'GITHUB',
  defaultBaseUrl: 'https://api.github.com',
  request: (secret) => ({
    method: 'GET',
    path: '/user',
    headers: { accept: 'application/vnd.github+json', authorization: `token ${secret}`, 'x-github-api-version': '2022-11-28' },
  }),
  readSuccess: (json) => live(stringAt(json, ['login'])),
  invalidStatuses: [401],
};

/** Providers whose read-only check is a GET with a bearer token and whose 401 means "dead". */
function bearerGet(id: string, envKey: string, defaultBaseUrl: string, path: string, invalidStatuses: readonly number[] = [401]): Verifier {
  return {
    id,
    envKey,
    defaultBaseUrl,
    request: (secret) => ({ method: 'GET', path, headers: { ...JSON_HEADERS, authorization: `Bearer ${secret}` } }),
    readSuccess: () => live(undefined),
    invalidStatuses,
  };
}

// GET /api/v1/key describes the calling key (label, limits) and spends nothing.
const openrouter: Verifier = {
  ...bearerGet('openrouter', 'OPENROUTER', 'https://openrouter.ai', '/api/v1/key'),
  readSuccess: (json) => live(stringAt(json, ['data', 'label'])),
};

// GET /v1/api-key returns the key's own metadata; xAI answers 400 for a malformed or unknown key.
const xai: Verifier = {
  ...bearerGet('xai', 'XAI', 'https://api.x.ai', '/v1/api-key', [400, 401, 403]),
  readSuccess: (json) => live(stringAt(json, ['name'])),
};

const cerebras = bearerGet('cerebras', 'CEREBRAS', 'https://api.cerebras.ai', '/v1/models');

// Listing sessions is read-only; a key without the scope gets 403, which stays unknown.
const devin = bearerGet('devin', 'DEVIN', 'https://api.devin.ai', '/v1/sessions?limit=1');

const pinecone: Verifier = {
  id: 'pinecone',
  envKey: 'PINECONE',
  defaultBaseUrl: 'https://api.pinecone.io',
  request: (secret) => ({ method: 'GET', path: '/indexes', headers: { ...JSON_HEADERS, 'api-key': secret, 'x-pinecone-api-version': '2025-04' } }),
  readSuccess: () => live(undefined),
  invalidStatuses: [401],
};

const elevenlabs: Verifier = {
  id: 'elevenlabs',
  envKey: 'ELEVENLABS',
  defaultBaseUrl: 'https://api.elevenlabs.io',
  request: (secret) => ({ method: 'GET', path: '/v1/user', headers: { ...JSON_HEADERS, 'xi-api-key': secret } }),
  readSuccess: (json) => live(stringAt(json, ['user_id'])),
  invalidStatuses: [401],
};

export const VERIFIERS: Readonly<Record<string, Verifier>> = {
  huggingface,
  wandb,
  runpod,
  openai,
  anthropic,
  github,
  openrouter,
  xai,
  cerebras,
  devin,
  pinecone,
  elevenlabs,
};

export function getVerifier(id: string | undefined): Verifier | undefined {
  return id !== undefined && Object.hasOwn(VERIFIERS, id) ? VERIFIERS[id] : undefined;
}

/** Status meanings shared by every provider; `readSuccess` only sees 2xx. */
export function interpretResponse(verifier: Verifier, response: VerifyResponse): Verification {
  if (response.status >= 200 && response.status < 300) return verifier.readSuccess(response.json);
  if (verifier.invalidStatuses.includes(response.status)) return { status: 'invalid' };
  if (response.status === 429) return { status: 'unknown', detail: 'rate limited' };
  if (response.status >= 300 && response.status < 400) return { status: 'unknown', detail: `redirected (HTTP ${response.status})` };
  return { status: 'unknown', detail: `HTTP ${response.status}` };
}

// Account names come from the network and end up in terminals and SARIF; keep them short.
const MAX_ACCOUNT_LENGTH = 100;

function live(account: string | undefined): Verification {
  return account ? { status: 'live', account: account.slice(0, MAX_ACCOUNT_LENGTH) } : { status: 'live' };
}

function valueAt(json: unknown, path: readonly string[]): unknown {
  let value = json;
  for (const key of path) {
    if (!value || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function stringAt(json: unknown, path: readonly string[]): string | undefined {
  const value = valueAt(json, path);
  if (typeof value === 'string' && value) return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}
