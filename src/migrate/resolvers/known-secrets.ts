/**
 * What the generated resolvers know about each credential: the names libraries and CLIs read for
 * it, where the user gets a new one, and which provider CLI login stores it. Both the Python and the
 * TS/JS resolver are rendered from this one table so they behave the same.
 */

import { loadBuiltinRules } from '../../rules/builtin.js';

export type CliLogin = 'huggingface' | 'wandb' | 'runpod';

export interface KnownSecret {
  /** Canonical variable (what the built-in rule's `envVar` says). */
  name: string;
  /** Other names that hold the same credential, most common first. */
  aliases: readonly string[];
  tokenPage: string;
  /** Where the provider's own CLI keeps the credential after `login`. */
  login?: CliLogin;
}

const STATIC_SECRETS: readonly KnownSecret[] = [
  {
    name: 'HF_TOKEN',
    aliases: ['HUGGING_FACE_HUB_TOKEN', 'HUGGINGFACE_HUB_TOKEN', 'HUGGINGFACEHUB_API_TOKEN', 'HUGGINGFACE_TOKEN', 'HF_API_TOKEN'],
    tokenPage: 'https://huggingface.co/settings/tokens',
    login: 'huggingface',
  },
  { name: 'WANDB_API_KEY', aliases: ['WANDB_KEY'], tokenPage: 'https://wandb.ai/authorize', login: 'wandb' },
  { name: 'RUNPOD_API_KEY', aliases: ['RUNPOD_TOKEN', 'RUNPOD_KEY'], tokenPage: 'https://www.runpod.io/console/user/settings', login: 'runpod' },
  { name: 'OPENAI_API_KEY', aliases: ['OPENAI_KEY'], tokenPage: 'https://platform.openai.com/api-keys' },
  { name: 'ANTHROPIC_API_KEY', aliases: ['CLAUDE_API_KEY'], tokenPage: 'https://console.anthropic.com/settings/keys' },
  { name: 'GITHUB_TOKEN', aliases: ['GH_TOKEN'], tokenPage: 'https://github.com/settings/tokens' },
  { name: 'GITLAB_TOKEN', aliases: ['GL_TOKEN'], tokenPage: 'https://gitlab.com/-/user_settings/personal_access_tokens' },
  { name: 'GEMINI_API_KEY', aliases: ['GOOGLE_API_KEY'], tokenPage: 'https://aistudio.google.com/apikey' },
  { name: 'GROQ_API_KEY', aliases: [], tokenPage: 'https://console.groq.com/keys' },
  { name: 'MISTRAL_API_KEY', aliases: [], tokenPage: 'https://console.mistral.ai/api-keys' },
  { name: 'TOGETHER_API_KEY', aliases: [], tokenPage: 'https://api.together.ai/settings/api-keys' },
  { name: 'COHERE_API_KEY', aliases: ['CO_API_KEY'], tokenPage: 'https://dashboard.cohere.com/api-keys' },
  { name: 'REPLICATE_API_TOKEN', aliases: [], tokenPage: 'https://replicate.com/account/api-tokens' },
  { name: 'KAGGLE_KEY', aliases: [], tokenPage: 'https://www.kaggle.com/settings' },
  { name: 'KAGGLE_API_TOKEN', aliases: [], tokenPage: 'https://www.kaggle.com/settings' },
  { name: 'COMET_API_KEY', aliases: [], tokenPage: 'https://www.comet.com/account-settings/apiKeys' },
  { name: 'AWS_SECRET_ACCESS_KEY', aliases: [], tokenPage: 'https://console.aws.amazon.com/iam/home#/security_credentials' },
  { name: 'AWS_ACCESS_KEY_ID', aliases: [], tokenPage: 'https://console.aws.amazon.com/iam/home#/security_credentials' },
];

/**
 * The table the resolvers are rendered from. Aliases are the union of this file's and the built-in
 * rules' `envAliases`, so the generated resolvers and `leakguard check` (which reads the rules)
 * try the same names; a test keeps the two sources from drifting apart.
 */
export const KNOWN_SECRETS: readonly KnownSecret[] = STATIC_SECRETS.map((entry) => {
  const fromRules = loadBuiltinRules()
    .filter((rule) => rule.envVar === entry.name)
    .flatMap((rule) => rule.envAliases ?? []);
  return { ...entry, aliases: [...new Set([...entry.aliases, ...fromRules])].filter((alias) => alias !== entry.name) };
});

/** The static table, for the drift test. */
export const STATIC_KNOWN_SECRETS = STATIC_SECRETS;

/**
 * Variables that a library or CLI reads from the environment by itself (huggingface_hub, wandb,
 * runpod, openai, boto3, gh, …). A statement that only *sets* one of these can go: the library
 * finds the value without it.
 */
export const LIBRARY_READ_VARIABLES: ReadonlySet<string> = new Set([
  'HF_TOKEN',
  'HUGGING_FACE_HUB_TOKEN',
  'HUGGINGFACEHUB_API_TOKEN',
  'WANDB_API_KEY',
  'RUNPOD_API_KEY',
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'GEMINI_API_KEY',
  'GOOGLE_API_KEY',
  'GROQ_API_KEY',
  'MISTRAL_API_KEY',
  'TOGETHER_API_KEY',
  'CO_API_KEY',
  'COHERE_API_KEY',
  'REPLICATE_API_TOKEN',
  'KAGGLE_KEY',
  'COMET_API_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
]);

/** Token pages by variable-name prefix, for names outside the table (`HF_TOKEN_2`, `WANDB_KEY_PROD`). */
export const TOKEN_PAGE_PREFIXES: readonly (readonly [string, string])[] = [
  ['HUGGING', 'https://huggingface.co/settings/tokens'],
  ['HF_', 'https://huggingface.co/settings/tokens'],
  ['WANDB', 'https://wandb.ai/authorize'],
  ['RUNPOD', 'https://www.runpod.io/console/user/settings'],
  ['OPENAI', 'https://platform.openai.com/api-keys'],
  ['ANTHROPIC', 'https://console.anthropic.com/settings/keys'],
  ['GITHUB', 'https://github.com/settings/tokens'],
  ['GH_', 'https://github.com/settings/tokens'],
  ['GEMINI', 'https://aistudio.google.com/apikey'],
  ['GROQ', 'https://console.groq.com/keys'],
  ['MISTRAL', 'https://console.mistral.ai/api-keys'],
  ['TOGETHER', 'https://api.together.ai/settings/api-keys'],
  ['COHERE', 'https://dashboard.cohere.com/api-keys'],
  ['KAGGLE', 'https://www.kaggle.com/settings'],
  ['AWS_', 'https://console.aws.amazon.com/iam/home#/security_credentials'],
];
