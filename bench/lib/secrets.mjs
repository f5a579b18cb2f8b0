// The fake credentials seeded into the corpus, and how each file format writes one down.
// Tokens come from FakeTokens at run time: this file holds no token-shaped literal.

/** @typedef {{ kind: string, env: string, make: (tokens: import('../../dist/src/util/fake-tokens.js').FakeTokens) => string, call?: string }} SecretKind */

/** @type {SecretKind[]} */
export const SECRET_KINDS = [
  { kind: 'huggingface', env: 'HF_TOKEN', make: (t) => t.huggingFace(), call: 'login(token="{}")' },
  { kind: 'wandb', env: 'WANDB_API_KEY', make: (t) => t.wandbV1(), call: 'wandb.login(key="{}")' },
  { kind: 'openai', env: 'OPENAI_API_KEY', make: (t) => t.openai(), call: 'client = OpenAI(api_key="{}")' },
  { kind: 'runpod', env: 'RUNPOD_API_KEY', make: (t) => t.runpod(), call: 'runpod.api_key = "{}"' },
  { kind: 'anthropic', env: 'ANTHROPIC_API_KEY', make: (t) => t.anthropic(), call: 'client = anthropic.Anthropic(api_key="{}")' },
  { kind: 'wandb-legacy', env: 'WANDB_API_KEY', make: (t) => t.wandbLegacy(), call: 'wandb.login(key="{}")' },
  { kind: 'github', env: 'GITHUB_TOKEN', make: (t) => t.github() },
  { kind: 'aws-access-key-id', env: 'AWS_ACCESS_KEY_ID', make: (t) => t.awsAccessKeyId() },
  { kind: 'huggingface-org', env: 'HF_TOKEN', make: (t) => t.huggingFaceOrg() },
];

/** File kinds a secret may be seeded into (lock files and data dumps never get one). */
export const SEEDABLE_KINDS = new Set(['py', 'yaml', 'toml', 'json', 'md', 'sh', 'sbatch', 'ipynb']);

/**
 * The line (or, for JSON and notebooks, the line's content) that holds the secret, in the idiom
 * of the file's format. @param {string} fileKind @param {SecretKind} secret @param {string} token
 * @param {import('./random.mjs').Dice} dice
 */
export function secretLine(fileKind, secret, token, dice) {
  const key = secret.env.toLowerCase();
  switch (fileKind) {
    case 'py':
    case 'ipynb': {
      const forms = [`os.environ["${secret.env}"] = "${token}"`, `${secret.env} = "${token}"`];
      if (secret.call) forms.push(secret.call.replace('{}', token));
      return dice.pick(forms);
    }
    case 'yaml':
      return `  ${key}: "${token}"`;
    case 'toml':
      return `${key} = "${token}"`;
    case 'json':
      return `"${key}": "${token}"`;
    case 'md':
    case 'sh':
    case 'sbatch':
      return `export ${secret.env}=${token}`;
    default:
      throw new Error(`no secret form for ${fileKind}`);
  }
}
