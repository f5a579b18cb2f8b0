import type { RemoteInfo } from '../types/index.js';

/**
 * Hosts where a pushed repository is commonly public. A remote here does not prove the repository
 * is public (offline we cannot tell), but it is where leaked keys are harvested first.
 */
const PUBLIC_HOSTS: readonly string[] = ['github.com', 'gitlab.com', 'bitbucket.org', 'huggingface.co', 'hf.co', 'codeberg.org', 'sourceforge.net', 'gitee.com'];

/** Parses `git remote -v`; keeps each remote's fetch URL, with credentials in it removed. */
export function parseRemotes(output: string): RemoteInfo[] {
  const remotes = new Map<string, RemoteInfo>();
  for (const line of output.split('\n')) {
    const match = /^(\S+)\t(.+?) \((fetch|push)\)$/.exec(line);
    if (!match || remotes.has(match[1]!)) continue;
    const url = withoutCredentials(match[2]!);
    const host = hostOf(url);
    remotes.set(match[1]!, { name: match[1]!, url, host, publicHost: isPublicHost(host) });
  }
  return [...remotes.values()];
}

/**
 * `https://user:hf_…@huggingface.co/x` → `https://huggingface.co/x`. Tokens in remote URLs are a
 * classic leak of their own, and the report is meant to be passed around.
 */
export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}

/** Host of a URL or of scp-like syntax (`git@github.com:org/repo.git`); '' for local paths. */
export function hostOf(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/@]*@)?\[?([^/:\]]+)/i.exec(url);
  if (scheme) return scheme[1]!.toLowerCase();
  const scp = /^(?:[^@/:]+@)?([^/:]+):(?!\/)/.exec(url);
  return scp && scp[1]!.includes('.') ? scp[1]!.toLowerCase() : '';
}

export function isPublicHost(host: string): boolean {
  return PUBLIC_HOSTS.some((known) => host === known || host.endsWith(`.${known}`));
}
