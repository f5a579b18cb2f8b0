/**
 * Files that *are* a credential store: `.env`, `config.env`, `.netrc`, `kaggle.json`, raw token
 * files, private keys, `.streamlit/secrets.toml`, `_local_secrets.py`. Rewriting them would
 * defeat their purpose; instead they are untracked (`git rm --cached`), ignored and kept on disk,
 * with a `.example` template holding the same keys and no values.
 */
import type { GeneratedFile, LanguageSupport, RewriteRequest, RewriteResult } from '../types.js';
import { applyEdits, locateFinding, type Edit } from '../text.js';
import { getPublicPrefix } from '../../findings/redact.js';

const TEMPLATE_SUFFIX = /\.(?:example|sample|template|dist|defaults?)$|[._-](?:example|sample|template)\.[^/]*$/i;

const EXACT_PATHS = [
  /(?:^|\/)\.streamlit\/secrets\.toml$/,
  /(?:^|\/)\.runpod\/config\.toml$/,
  /(?:^|\/)\.modal\.toml$/,
  /(?:^|\/)\.aws\/credentials$/,
  /(?:^|\/)\.comet\.config$/,
  /(?:^|\/)\.kaggle\/[^/]+$/,
  /(?:^|\/)\.(?:cache\/)?huggingface\/(?:token|stored_tokens)$/,
  /(?:^|\/)\.claude\/\.credentials\.json$/,
];

const BASENAMES = [
  /^\.env$/,
  /^\.env\.[^/]+$/, // .env.local, .env.production
  /^[^/]+\.env$/, // config.env, hf.env, secrets.env
  /^\.envrc$/,
  /^_?netrc$/,
  /^\.netrc$/,
  /^kaggle\.json$/,
  /^(?:id_rsa|id_dsa|id_ecdsa|id_ed25519)$/,
  /\.(?:pem|key|p12|pfx|secret|secrets)$/i,
  /^_?local_secrets\.py$/,
  /^secrets_[^/]+\.py$/,
  // Raw token files: hf_token.txt, .hf_token, token, wandb_api_key.txt, WANDB_KEY.txt, api_keys.json.
  /^\.?(?:[a-z0-9]+[_-])*(?:token|tokens|api[_-]?key|api[_-]?keys|key|keys|secret|credentials?)(?:\.(?:txt|json))?$/i,
];

export function isCredentialStorePath(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (TEMPLATE_SUFFIX.test(base)) return false;
  return EXACT_PATHS.some((pattern) => pattern.test(path)) || BASENAMES.some((pattern) => pattern.test(base));
}

/** A GCP service-account key file, whatever its name. */
function isServiceAccountJson(path: string, text: string | undefined): boolean {
  return path.endsWith('.json') && text !== undefined && /"type"\s*:\s*"service_account"/.test(text) && /"private_key"/.test(text);
}

export type StoreKind = 'dotenv' | 'netrc' | 'private-key' | 'raw' | 'structured';

export function storeKind(path: string, text: string): StoreKind {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (/^\.env(?:\.|$)|\.env$|^\.envrc$/.test(base)) return 'dotenv';
  if (/netrc$/.test(base)) return 'netrc';
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text) || /^id_/.test(base) || /\.(?:pem|key|p12|pfx)$/i.test(base)) return 'private-key';
  if (/\.(?:json|toml|py|ya?ml|ini|cfg|config)$/i.test(base) || /credentials$/.test(base)) return 'structured';
  return 'raw';
}

/** A placeholder that reads as one and that no rule reports: `hf_xxxxxxxx…` or `<WANDB_API_KEY>`. */
export function placeholderFor(secret: string, name: string): string {
  const prefix = getPublicPrefix(secret);
  return prefix ? `${prefix}${'x'.repeat(Math.max(8, secret.length - prefix.length))}` : `<${name}>`;
}

export function templatePath(path: string): string {
  return `${path}.example`;
}

function blanked(request: RewriteRequest, kind: StoreKind): string | undefined {
  const edits: Edit[] = [];
  for (const finding of request.findings) {
    const offset = finding.offset ?? locateFinding(request.text, finding);
    if (offset === undefined) return undefined;
    // Structured stores keep their syntax with an empty value; raw files and .netrc need a word.
    const text = kind === 'dotenv' || kind === 'structured' ? '' : placeholderFor(finding.secret, finding.envVar);
    edits.push({ start: offset, end: offset + finding.secret.length, text });
  }
  const unique = [...new Map(edits.map((edit) => [edit.start, edit])).values()];
  return applyEdits(request.text, unique);
}

export async function rewriteCredentialFile(request: RewriteRequest): Promise<RewriteResult> {
  const kind = storeKind(request.path, request.text);
  // The root `.env` (and `.env.local`, …) feed the project's `.env.example`; a store elsewhere
  // (`deploy/config.env`, `.netrc`) gets its own `.example` beside it.
  const projectDotenv = kind === 'dotenv' && /^\.env(?:\.[^/]+)?$/.test(request.path);
  let template: GeneratedFile | undefined;
  if (kind !== 'private-key' && !projectDotenv) {
    const text = blanked(request, kind);
    if (text !== undefined) template = { path: templatePath(request.path), text, createOnly: true };
  }
  const reason =
    kind === 'private-key'
      ? 'a private key: untracked and ignored, kept on disk; replace the key pair, since the old one is in git history'
      : 'a credential store: untracked and ignored, kept on disk' + (template ? `; ${template.path} shows its shape` : '');
  return { status: 'untrack', reason, untrack: { template, dotenvSiblings: projectDotenv } };
}

export const credentialFile: LanguageSupport = {
  name: 'credential-file',
  handles: (path, text) => isCredentialStorePath(path) || isServiceAccountJson(path, text),
  rewrite: rewriteCredentialFile,
};
