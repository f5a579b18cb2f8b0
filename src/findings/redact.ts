/**
 * Turns a secret into something a person can recognise ("which HF token was that?") without
 * handing anyone a usable fragment of it. Every reporter, the baseline writer and the migrate
 * report print this instead of the value.
 */

/**
 * Published token prefixes. They are format, not secret: every Hugging Face token starts with
 * `hf_`, so showing it reveals nothing and tells the reader which provider to rotate at.
 * Longest first, so `sk-proj-` wins over `sk-`.
 */
const PUBLIC_PREFIXES: readonly string[] = [
  'sk-ant-admin01-',
  'sk-ant-api03-',
  'sk-ant-oat01-',
  'sk-svcacct-',
  'github_pat_',
  'sk-admin-',
  'wandb_v1_',
  'api_org_',
  'sk-proj-',
  'tgp_v1_',
  'glpat-',
  'nvapi-',
  'local-',
  'KGAT_',
  'AKIA',
  'ASIA',
  'ghp_',
  'gho_',
  'ghs_',
  'ghu_',
  'ghr_',
  'gsk_',
  'rpa_',
  'sk-',
  'hf_',
  'r8_',
].toSorted((a, b) => b.length - a.length);

/** Never show more body characters than this, however long the secret. */
export const MAX_VISIBLE_BODY_CHARS = 4;

/** Short bodies show at most this share of their characters. */
const MAX_VISIBLE_BODY_SHARE = 0.25;

export const ELLIPSIS = '…';

/** The provider prefix a secret starts with, or '' when it has none we know of. */
export function getPublicPrefix(secret: string): string {
  return PUBLIC_PREFIXES.find((prefix) => secret.startsWith(prefix) && secret.length > prefix.length) ?? '';
}

/**
 * `hf_Ab…Yz`: the public prefix, then at most two leading and two trailing body characters, and
 * never more than a quarter of the body, so a short secret cannot be guessed from its redaction.
 */
export function redact(secret: string): string {
  const prefix = getPublicPrefix(secret);
  const body = [...secret.slice(prefix.length)]; // code points, so we never split a surrogate pair
  const visible = Math.min(MAX_VISIBLE_BODY_CHARS, Math.floor(body.length * MAX_VISIBLE_BODY_SHARE));
  const head = Math.ceil(visible / 2);
  const tail = visible - head;
  return prefix + body.slice(0, head).join('') + ELLIPSIS + body.slice(body.length - tail).join('');
}
