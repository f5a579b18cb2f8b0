/**
 * What the generated resolvers know about each credential: the names libraries and CLIs read for
 * it, where the user gets a new one, and which provider CLI login stores it. Both the Python and the
 * TS/JS resolver are rendered from this one table so they behave the same.
 */

import { loadBuiltinRules } from '../rules/builtin.js';

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
  { name: 'OPENROUTER_API_KEY', aliases: [], tokenPage: 'https://openrouter.ai/settings/keys' },
  { name: 'PERPLEXITY_API_KEY', aliases: ['PPLX_API_KEY'], tokenPage: 'https://www.perplexity.ai/settings/api' },
  { name: 'XAI_API_KEY', aliases: ['GROK_API_KEY'], tokenPage: 'https://console.x.ai' },
  { name: 'LANGSMITH_API_KEY', aliases: ['LANGCHAIN_API_KEY'], tokenPage: 'https://smith.langchain.com/settings' },
  { name: 'LANGFUSE_SECRET_KEY', aliases: [], tokenPage: 'https://cloud.langfuse.com' },
  { name: 'LANGFUSE_PUBLIC_KEY', aliases: [], tokenPage: 'https://cloud.langfuse.com' },
  { name: 'PINECONE_API_KEY', aliases: [], tokenPage: 'https://app.pinecone.io' },
  { name: 'NVIDIA_API_KEY', aliases: ['NGC_API_KEY'], tokenPage: 'https://build.nvidia.com/settings/api-keys' },
  { name: 'CEREBRAS_API_KEY', aliases: [], tokenPage: 'https://cloud.cerebras.ai' },
  { name: 'MINIMAX_API_KEY', aliases: ['MINIMAX_API_TOKEN'], tokenPage: 'https://platform.minimax.io/user-center/basic-information/interface-key' },
  { name: 'DATABRICKS_TOKEN', aliases: ['DATABRICKS_API_TOKEN'], tokenPage: 'https://docs.databricks.com/en/dev-tools/auth/pat.html' },
  { name: 'ELEVENLABS_API_KEY', aliases: ['ELEVEN_API_KEY', 'XI_API_KEY'], tokenPage: 'https://elevenlabs.io/app/settings/api-keys' },
  { name: 'DEVIN_API_KEY', aliases: [], tokenPage: 'https://app.devin.ai/settings/api-keys' },
  { name: 'SALAD_API_KEY', aliases: ['SALAD_CLOUD_API_KEY'], tokenPage: 'https://portal.salad.com/api-key' },
  { name: 'DEEPSEEK_API_KEY', aliases: [], tokenPage: 'https://platform.deepseek.com/api_keys' },
  { name: 'MOONSHOT_API_KEY', aliases: ['KIMI_API_KEY'], tokenPage: 'https://platform.moonshot.ai/console/api-keys' },
  { name: 'STABILITY_API_KEY', aliases: ['STABILITY_KEY'], tokenPage: 'https://platform.stability.ai/account/keys' },
  { name: 'UPSTAGE_API_KEY', aliases: [], tokenPage: 'https://console.upstage.ai/api-keys' },
  { name: 'ASSEMBLYAI_API_KEY', aliases: [], tokenPage: 'https://www.assemblyai.com/app/api-keys' },
  { name: 'DEEPGRAM_API_KEY', aliases: [], tokenPage: 'https://console.deepgram.com' },
  { name: 'AZURE_OPENAI_API_KEY', aliases: ['AZURE_OPENAI_KEY'], tokenPage: 'https://portal.azure.com/#view/Microsoft_Azure_ProjectOxford/CognitiveServicesHub/~/OpenAI' },
  { name: 'CLARIFAI_PAT', aliases: ['CLARIFAI_API_KEY'], tokenPage: 'https://clarifai.com/settings/security' },
  { name: 'ZAI_API_KEY', aliases: ['ZHIPUAI_API_KEY', 'ZHIPU_API_KEY'], tokenPage: 'https://z.ai/manage-apikey/apikey-list' },
  { name: 'OLLAMA_API_KEY', aliases: [], tokenPage: 'https://ollama.com/settings/keys' },
  { name: 'GREPTILE_API_KEY', aliases: [], tokenPage: 'https://app.greptile.com/settings/api' },
  { name: 'NEPTUNE_API_TOKEN', aliases: [], tokenPage: 'https://app.neptune.ai/-/user/api-token' },
  { name: 'CLEARML_API_SECRET_KEY', aliases: ['TRAINS_API_SECRET_KEY'], tokenPage: 'https://app.clear.ml/settings/workspace-configuration' },
  { name: 'MODAL_TOKEN_SECRET', aliases: [], tokenPage: 'https://modal.com/settings/tokens' },
  { name: 'LAMBDA_API_KEY', aliases: ['LAMBDA_CLOUD_API_KEY'], tokenPage: 'https://cloud.lambda.ai/api-keys' },
  { name: 'VAST_API_KEY', aliases: ['VASTAI_API_KEY'], tokenPage: 'https://cloud.vast.ai/manage-keys/' },
  { name: 'FIREWORKS_API_KEY', aliases: [], tokenPage: 'https://fireworks.ai/account/api-keys' },
  { name: 'ANYSCALE_API_KEY', aliases: ['ANYSCALE_CLI_TOKEN'], tokenPage: 'https://console.anyscale.com/api-keys' },
  { name: 'DAGSHUB_USER_TOKEN', aliases: ['DAGSHUB_TOKEN'], tokenPage: 'https://dagshub.com/user/settings/tokens' },
  { name: 'ROBOFLOW_API_KEY', aliases: [], tokenPage: 'https://app.roboflow.com/settings/api' },
  { name: 'MLFLOW_TRACKING_TOKEN', aliases: ['MLFLOW_TRACKING_PASSWORD'], tokenPage: 'https://mlflow.org/docs/latest/auth/index.html' },
  { name: 'AWS_BEARER_TOKEN_BEDROCK', aliases: [], tokenPage: 'https://console.aws.amazon.com/bedrock/home#/api-keys' },
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
  'PINECONE_API_KEY',
  'LANGSMITH_API_KEY',
  'LANGCHAIN_API_KEY',
  'LANGFUSE_SECRET_KEY',
  'LANGFUSE_PUBLIC_KEY',
  'DATABRICKS_TOKEN',
  'ELEVENLABS_API_KEY',
  'AZURE_OPENAI_API_KEY',
  'NEPTUNE_API_TOKEN',
  'CLEARML_API_SECRET_KEY',
  'MODAL_TOKEN_SECRET',
  'MLFLOW_TRACKING_TOKEN',
  'MLFLOW_TRACKING_PASSWORD',
  'AWS_BEARER_TOKEN_BEDROCK',
  'XAI_API_KEY',
  'CEREBRAS_API_KEY',
  'FIREWORKS_API_KEY',
  'ASSEMBLYAI_API_KEY',
  'DEEPGRAM_API_KEY',
  'DAGSHUB_USER_TOKEN',
  'ROBOFLOW_API_KEY',
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
  ['OPENROUTER', 'https://openrouter.ai/settings/keys'],
  ['PERPLEXITY', 'https://www.perplexity.ai/settings/api'],
  ['PPLX', 'https://www.perplexity.ai/settings/api'],
  ['XAI_', 'https://console.x.ai'],
  ['LANGSMITH', 'https://smith.langchain.com/settings'],
  ['LANGCHAIN', 'https://smith.langchain.com/settings'],
  ['LANGFUSE', 'https://cloud.langfuse.com'],
  ['PINECONE', 'https://app.pinecone.io'],
  ['NVIDIA', 'https://build.nvidia.com/settings/api-keys'],
  ['NGC_', 'https://build.nvidia.com/settings/api-keys'],
  ['CEREBRAS', 'https://cloud.cerebras.ai'],
  ['MINIMAX', 'https://platform.minimax.io/user-center/basic-information/interface-key'],
  ['DATABRICKS', 'https://docs.databricks.com/en/dev-tools/auth/pat.html'],
  ['ELEVENLABS', 'https://elevenlabs.io/app/settings/api-keys'],
  ['DEVIN', 'https://app.devin.ai/settings/api-keys'],
  ['SALAD', 'https://portal.salad.com/api-key'],
  ['DEEPSEEK', 'https://platform.deepseek.com/api_keys'],
  ['MOONSHOT', 'https://platform.moonshot.ai/console/api-keys'],
  ['KIMI', 'https://platform.moonshot.ai/console/api-keys'],
  ['STABILITY', 'https://platform.stability.ai/account/keys'],
  ['UPSTAGE', 'https://console.upstage.ai/api-keys'],
  ['ASSEMBLYAI', 'https://www.assemblyai.com/app/api-keys'],
  ['DEEPGRAM', 'https://console.deepgram.com'],
  ['AZURE_OPENAI', 'https://portal.azure.com/#view/Microsoft_Azure_ProjectOxford/CognitiveServicesHub/~/OpenAI'],
  ['CLARIFAI', 'https://clarifai.com/settings/security'],
  ['ZAI_', 'https://z.ai/manage-apikey/apikey-list'],
  ['ZHIPU', 'https://z.ai/manage-apikey/apikey-list'],
  ['OLLAMA', 'https://ollama.com/settings/keys'],
  ['GREPTILE', 'https://app.greptile.com/settings/api'],
  ['COMET', 'https://www.comet.com/account-settings/apiKeys'],
  ['NEPTUNE', 'https://app.neptune.ai/-/user/api-token'],
  ['CLEARML', 'https://app.clear.ml/settings/workspace-configuration'],
  ['MODAL', 'https://modal.com/settings/tokens'],
  ['LAMBDA_CLOUD', 'https://cloud.lambda.ai/api-keys'],
  ['VAST', 'https://cloud.vast.ai/manage-keys/'],
  ['FIREWORKS', 'https://fireworks.ai/account/api-keys'],
  ['ANYSCALE', 'https://console.anyscale.com/api-keys'],
  ['DAGSHUB', 'https://dagshub.com/user/settings/tokens'],
  ['ROBOFLOW', 'https://app.roboflow.com/settings/api'],
  ['MLFLOW', 'https://mlflow.org/docs/latest/auth/index.html'],
  ['REPLICATE', 'https://replicate.com/account/api-tokens'],
];

/** One credential in a generated resolver's table. */
export interface ResolverEntry {
  /** The canonical name first, then its aliases: the resolver tries the asked-for name, then the rest in this order. */
  names: readonly string[];
  tokenPage?: string;
  login?: CliLogin;
}

/**
 * The resolver table for the variables a migration actually reads: the known group of each name
 * (so `RUNPOD_TOKEN` falls back to `RUNPOD_API_KEY`, and the login is keyed by the canonical name
 * as `leakguard check` does), and for a name outside the table a group of its own with the token
 * page of its prefix (`HF_TOKEN_WRITE`). Deduplicated and sorted, so the same names always render
 * the same file.
 */
export function resolverEntries(names: Iterable<string>): ResolverEntry[] {
  const entries = new Map<string, ResolverEntry>();
  for (const name of names) {
    const known = KNOWN_SECRETS.find((entry) => entry.name === name || entry.aliases.includes(name));
    if (known) entries.set(known.name, { names: [known.name, ...known.aliases], tokenPage: known.tokenPage, login: known.login });
    else entries.set(name, { names: [name], tokenPage: TOKEN_PAGE_PREFIXES.find(([prefix]) => name.startsWith(prefix))?.[1] });
  }
  return [...entries.keys()].sort().map((key) => entries.get(key)!);
}
