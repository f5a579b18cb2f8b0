import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * Where leakguard keeps what it can recompute (rule verdicts, compiled code): `LEAKGUARD_CACHE_DIR`,
 * else `$XDG_CACHE_HOME/leakguard`, else `~/.cache/leakguard`. A relative XDG_CACHE_HOME is
 * ignored, as the XDG spec asks: it would put the cache in whatever directory a scan runs in.
 */
export function cacheDir(env: NodeJS.ProcessEnv): string {
  const own = env['LEAKGUARD_CACHE_DIR'];
  if (own) return own;
  const xdg = env['XDG_CACHE_HOME'];
  const base = xdg && isAbsolute(xdg) ? xdg : join(env['HOME'] || homedir(), '.cache');
  return join(base, 'leakguard');
}
