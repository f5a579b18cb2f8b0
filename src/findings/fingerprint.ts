import { lazyCrypto } from '../util/lazy-builtins.js';

/** Stable across line moves: rule + path + secret, hashed so no plaintext leaves the process. */
export function fingerprint(ruleId: string, path: string, secret: string): string {
  return lazyCrypto().createHash('sha256').update(`${ruleId}\0${path}\0${secret}`).digest('hex').slice(0, 32);
}

/** Plain sha256 of a value: how rules name published values without holding them. */
export function sha256Hex(value: string): string {
  return lazyCrypto().createHash('sha256').update(value).digest('hex');
}

export function saltedHash(salt: string, secret: string): string {
  return lazyCrypto().createHash('sha256').update(`${salt}\0${secret}`).digest('hex');
}
