/**
 * Where a secret may be sent. By default only to its own provider's HTTPS API. An override
 * (`LEAKGUARD_VERIFY_<PROVIDER>_URL`) exists for on-prem hosts (W&B Server) and for tests; it
 * must be HTTPS too, except on the loopback interface, where plain HTTP never leaves the machine.
 */
import { ConfigError } from '../util/errors.js';
import type { Verifier } from './providers.js';

export function overrideVariable(verifier: Verifier): string {
  return `LEAKGUARD_VERIFY_${verifier.envKey}_URL`;
}

/** The base URL to call, without a trailing slash. Throws on an unsafe override. */
export function baseUrlFor(verifier: Verifier, env: NodeJS.ProcessEnv): string {
  const variable = overrideVariable(verifier);
  const override = env[variable];
  if (!override) return verifier.defaultBaseUrl;
  let url: URL;
  try {
    url = new URL(override);
  } catch {
    throw new ConfigError(`${variable} is not a URL: "${override}"`);
  }
  const allowed = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
  if (!allowed) {
    throw new ConfigError(`${variable} must be an https:// URL (plain http:// only for 127.0.0.1, ::1 or localhost)`);
  }
  if (url.username || url.password) throw new ConfigError(`${variable} must not carry credentials`);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}
