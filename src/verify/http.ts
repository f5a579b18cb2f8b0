/**
 * Sends one verification request and turns every way it can fail into a Verification: this is
 * the boundary where network trouble stops being an error and becomes `unknown`.
 */
import type { Verification } from '../types/index.js';
import { interpretResponse, type Verifier } from './providers.js';

export type FetchFunction = typeof fetch;

export interface SendOptions {
  baseUrl: string;
  timeoutMs: number;
  fetch: FetchFunction;
}

export async function sendVerification(verifier: Verifier, secret: string, options: SendOptions): Promise<Verification> {
  const request = verifier.request(secret);
  try {
    const response = await options.fetch(`${options.baseUrl}${request.path}`, {
      method: request.method,
      headers: { 'user-agent': 'leakguard', ...request.headers },
      ...(request.body === undefined ? {} : { body: request.body }),
      // A redirect could carry a custom auth header (x-api-key) to another host; never follow one.
      redirect: 'manual',
      // Covers connecting, the headers and reading the body.
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const ok = response.status >= 200 && response.status < 300;
    const json = ok ? await readJson(response) : undefined;
    if (!ok) await response.body?.cancel().catch(() => undefined);
    return interpretResponse(verifier, { status: response.status, json });
  } catch (error) {
    return { status: 'unknown', detail: describeFailure(error, options.timeoutMs) };
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describeFailure(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `timed out after ${formatSeconds(timeoutMs)}`;
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  return code ? `network error: ${code}` : 'network error';
}

function formatSeconds(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
