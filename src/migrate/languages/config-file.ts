/**
 * Config formats with no interpolation (TOML, JSON, INI, XML, properties, .gitmodules): nothing in
 * the file can read the environment, so the value is reported for a person to move, with the
 * change that fits the file. TOML stores that are secret stores by name are credential files.
 */
import type { LanguageSupport, RewriteRequest, RewriteResult } from '../types.js';

const CONFIG = /\.(?:toml|json|jsonc|json5|ini|cfg|conf|config|properties|xml|plist|hcl|tfvars)$|(?:^|\/)\.(?:gitmodules|git-credentials|npmrc|pypirc|pip\/pip\.conf)$/i;

export function isConfigPath(path: string): boolean {
  return CONFIG.test(path);
}

/** Paths a bundler or web server ships to browsers. */
function isBrowserAsset(path: string): boolean {
  return /(?:^|\/)(?:public|static|assets|www|dist|build)\//.test(path);
}

export function configReason(path: string, names: string[]): string {
  const list = names.join(', ');
  if (isBrowserAsset(path)) {
    return `served to browsers, where every value is public: blank it, call the provider from a server-side endpoint that reads ${list}, and rotate the key`;
  }
  if (/(?:^|\/)\.(?:gitmodules|git-credentials)$/.test(path)) return 'git does not expand variables in URLs here: use a credential helper (git config credential.helper) and remove the token from the URL';
  if (/(?:^|\/)\.(?:npmrc|pypirc)$|pip\.conf$/.test(path)) return `move the token to the user-level config (~/${path.split('/').pop()}) or to ${list} in the environment, and keep this file token-free`;
  const format = /\.toml$/i.test(path) ? 'TOML' : /\.json[c5]?$/i.test(path) ? 'JSON' : 'this config format';
  const empty = /\.toml$/i.test(path) || /\.json/i.test(path) ? '""' : 'an empty value';
  return `${format} has no interpolation: set the value to ${empty} and have the code that loads ${path} read ${list} from the environment`;
}

export async function rewriteConfig(request: RewriteRequest): Promise<RewriteResult> {
  const names = [...new Set(request.findings.map((finding) => finding.envVar))];
  return { status: 'manual', reason: configReason(request.path, names) };
}

export const configFile: LanguageSupport = {
  name: 'config',
  handles: isConfigPath,
  rewrite: rewriteConfig,
};
