/**
 * A local HTTP server on 127.0.0.1 that plays every verification provider. Each secret is given a
 * behaviour up front (live, invalid, slow, 429, 500, redirect); the server checks that the
 * request has the provider's method, path and auth header shape before answering, so a test
 * that passes proves the request a real provider would receive.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Behaviour = 'live' | 'invalid' | 'slow' | 'rate-limited' | 'server-error' | 'redirect';

export type ProviderId =
  | 'huggingface'
  | 'wandb'
  | 'runpod'
  | 'openai'
  | 'anthropic'
  | 'github'
  | 'openrouter'
  | 'xai'
  | 'cerebras'
  | 'devin'
  | 'pinecone'
  | 'elevenlabs';

export interface RecordedRequest {
  provider: ProviderId;
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  secret: string | undefined;
}

export interface MockProviders {
  baseUrl: string;
  /** `LEAKGUARD_VERIFY_*_URL` pointing every provider at this server. */
  env: NodeJS.ProcessEnv;
  requests: RecordedRequest[];
  /** Most requests in flight at once. */
  maxInFlight: number;
  /** Hits on the redirect target (must stay 0: redirects are never followed). */
  redirectTargetHits: number;
  behave: (secret: string, behaviour: Behaviour, account?: string) => void;
  /** Delay every answer (for the concurrency test); slow secrets are slower still. */
  delayMs: number;
  close: () => Promise<void>;
}

interface Route {
  provider: ProviderId;
  method: string;
  path: RegExp;
  secret: (request: IncomingMessage) => string | undefined;
  liveBody: (account: string) => unknown;
  invalidStatus: number;
}

const bearer = (request: IncomingMessage): string | undefined => /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];

const ROUTES: Route[] = [
  { provider: 'huggingface', method: 'GET', path: /^\/huggingface\/api\/whoami-v2$/, secret: bearer, liveBody: (name) => ({ type: 'user', id: '1', name }), invalidStatus: 401 },
  {
    provider: 'wandb',
    method: 'POST',
    path: /^\/wandb\/graphql$/,
    secret: (request) => {
      const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      const decoded = basic ? Buffer.from(basic, 'base64').toString() : '';
      return decoded.startsWith('api:') ? decoded.slice(4) : undefined;
    },
    liveBody: (username) => ({ data: { viewer: { id: 'VXNlcjox', username } } }),
    invalidStatus: 401,
  },
  { provider: 'runpod', method: 'POST', path: /^\/runpod\/graphql$/, secret: bearer, liveBody: (id) => ({ data: { myself: { id } } }), invalidStatus: 401 },
  { provider: 'openai', method: 'GET', path: /^\/openai\/v1\/(?:models|organization\/admin_api_keys)/, secret: bearer, liveBody: () => ({ object: 'list', data: [] }), invalidStatus: 401 },
  {
    provider: 'anthropic',
    method: 'GET',
    path: /^\/anthropic\/v1\/(?:models|organizations\/api_keys)/,
    secret: (request) => (request.headers['anthropic-version'] ? (request.headers['x-api-key'] as string | undefined) : undefined),
    liveBody: () => ({ data: [] }),
    invalidStatus: 404,
  },
  {
    provider: 'github',
    method: 'GET',
    path: /^\/github\/user$/,
    secret: (request) => /^token (.+)$/.exec(request.headers.authorization ?? '')?.[1],
    liveBody: (login) => ({ login, id: 1 }),
    invalidStatus: 401,
  },
  { provider: 'openrouter', method: 'GET', path: /^\/openrouter\/api\/v1\/key$/, secret: bearer, liveBody: (label) => ({ data: { label, usage: 0 } }), invalidStatus: 401 },
  { provider: 'xai', method: 'GET', path: /^\/xai\/v1\/api-key$/, secret: bearer, liveBody: (name) => ({ name, api_key_id: 'k1' }), invalidStatus: 400 },
  { provider: 'cerebras', method: 'GET', path: /^\/cerebras\/v1\/models$/, secret: bearer, liveBody: () => ({ object: 'list', data: [] }), invalidStatus: 401 },
  { provider: 'devin', method: 'GET', path: /^\/devin\/v1\/sessions\?limit=1$/, secret: bearer, liveBody: () => ({ sessions: [] }), invalidStatus: 401 },
  {
    provider: 'pinecone',
    method: 'GET',
    path: /^\/pinecone\/indexes$/,
    secret: (request) => (request.headers['x-pinecone-api-version'] ? (request.headers['api-key'] as string | undefined) : undefined),
    liveBody: () => ({ indexes: [] }),
    invalidStatus: 401,
  },
  {
    provider: 'elevenlabs',
    method: 'GET',
    path: /^\/elevenlabs\/v1\/user$/,
    secret: (request) => request.headers['xi-api-key'] as string | undefined,
    liveBody: (userId) => ({ user_id: userId }),
    invalidStatus: 401,
  },
];

export const SLOW_MS = 10_000;

export async function startMockProviders(): Promise<MockProviders> {
  const behaviours = new Map<string, { behaviour: Behaviour; account: string }>();
  let inFlight = 0;
  const mock: MockProviders = {
    baseUrl: '',
    env: {},
    requests: [],
    maxInFlight: 0,
    redirectTargetHits: 0,
    delayMs: 0,
    behave: (secret, behaviour, account = 'acme-research') => behaviours.set(secret, { behaviour, account }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      inFlight++;
      mock.maxInFlight = Math.max(mock.maxInFlight, inFlight);
      const finish = (): void => {
        inFlight--;
      };
      response.on('close', finish);
      void answer(request, response, body);
    });
  });

  const answer = async (request: IncomingMessage, response: ServerResponse, body: string): Promise<void> => {
    const url = request.url ?? '/';
    if (url.startsWith('/elsewhere')) {
      mock.redirectTargetHits++;
      return send(response, 200, { hijacked: true });
    }
    const route = ROUTES.find((candidate) => candidate.path.test(url));
    if (!route) return send(response, 404, { error: 'no such route' });
    const secret = route.secret(request);
    mock.requests.push({ provider: route.provider, method: request.method ?? '', path: url, headers: request.headers, body, secret });
    if (request.method !== route.method || secret === undefined) return send(response, 400, { error: 'bad request shape' });
    const known = behaviours.get(secret) ?? { behaviour: 'invalid' as const, account: '' };
    if (mock.delayMs > 0) await sleep(mock.delayMs);
    switch (known.behaviour) {
      case 'live':
        return send(response, 200, route.liveBody(known.account));
      case 'invalid':
        return send(response, route.invalidStatus, { error: 'invalid credentials' });
      case 'rate-limited':
        return send(response, 429, { error: 'slow down' });
      case 'server-error':
        return send(response, 500, { error: 'boom' });
      case 'redirect':
        response.writeHead(302, { location: `${mock.baseUrl}/elsewhere` });
        response.end();
        return;
      case 'slow':
        await sleep(SLOW_MS);
        if (!response.destroyed) send(response, 200, route.liveBody(known.account));
        return;
    }
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  mock.baseUrl = `http://127.0.0.1:${port}`;
  mock.env = Object.fromEntries(ROUTES.map((route) => [`LEAKGUARD_VERIFY_${route.provider.toUpperCase()}_URL`, `${mock.baseUrl}/${route.provider}`]));
  return mock;
}

/** A loopback port nothing listens on: bind, read the port, close. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function send(response: ServerResponse, status: number, json: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(json));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
