import type * as Crypto from 'node:crypto';
import { createRequire } from 'node:module';

// node:crypto costs 4–9 ms to load on Node 20 (its internals are not in the start-up snapshot),
// about as much as the pre-commit hook's whole budget for scanning. A top-level import would make
// every command pay for it; most runs never hash anything.
const requireBuiltin = createRequire(import.meta.url);
let crypto: typeof Crypto | undefined;

/** node:crypto, loaded on first use. */
export function lazyCrypto(): typeof Crypto {
  crypto ??= requireBuiltin('node:crypto') as typeof Crypto;
  return crypto;
}
