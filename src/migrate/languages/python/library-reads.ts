import type { Node } from 'web-tree-sitter';

/**
 * Where the consuming library reads the credential's variable itself, the minimal rewrite is the
 * one an expert writes: drop the literal and let the library find `HF_TOKEN` (no resolver, no
 * import). Each entry was checked against the library's source; README "Libraries that read their
 * own variable" lists the same table. Only a literal that is itself the argument or the assigned
 * value qualifies, and only when its variable is one the library reads (a second Hugging Face
 * token named `HF_TOKEN_WRITE` is not what huggingface_hub finds, so it keeps the resolver).
 */

export interface LibraryRead {
  /** The library, as the report names it. */
  library: string;
  /** The environment variables it reads when no value is passed, first the one to set. */
  envVars: readonly string[];
}

const HUGGINGFACE: LibraryRead = { library: 'huggingface_hub', envVars: ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN'] };
const WANDB: LibraryRead = { library: 'wandb', envVars: ['WANDB_API_KEY'] };
const OPENAI: LibraryRead = { library: 'openai', envVars: ['OPENAI_API_KEY'] };
const ANTHROPIC: LibraryRead = { library: 'anthropic', envVars: ['ANTHROPIC_API_KEY'] };

interface KeywordRead extends LibraryRead {
  /** The called name, dots and all (`HfApi`, `huggingface_hub.HfApi`, `model.push_to_hub`). */
  call: RegExp;
  keywords: readonly string[];
  /** Keywords that make the call ignore the environment (`wandb.login(relogin=True)` prompts). */
  unless?: readonly string[];
}

/**
 * `token=None` makes huggingface_hub call `get_token()` (HF_TOKEN, then HUGGING_FACE_HUB_TOKEN,
 * then the `hf auth login` token file); transformers, diffusers and peft download through it.
 */
const KEYWORD_READS: readonly KeywordRead[] = [
  { ...HUGGINGFACE, call: /^(?:huggingface_hub\.)?(?:HfApi|hf_hub_download|snapshot_download)$/, keywords: ['token'] },
  // `api_key` is InferenceClient's OpenAI-compatible alias of `token`.
  { ...HUGGINGFACE, call: /^(?:huggingface_hub\.)?(?:Async)?InferenceClient$/, keywords: ['token', 'api_key'] },
  { ...HUGGINGFACE, call: /(?:^|\.)(?:from_pretrained|push_to_hub)$/, keywords: ['token', 'use_auth_token'] },
  { ...WANDB, call: /^wandb\.login$/, keywords: ['key'], unless: ['relogin', 'anonymous'] },
  { ...OPENAI, call: /^(?:openai\.)?(?:Async)?OpenAI$/, keywords: ['api_key'] },
  { ...ANTHROPIC, call: /^(?:anthropic\.)?(?:Async)?Anthropic$/, keywords: ['api_key'] },
];

/** `login(token="…")` logs in with the value; the library reads the variable without it. */
const LOGIN_CALL = /^(?:huggingface_hub\.)?login$/;

/** `openai.api_key = "…"`: openai 0.x reads OPENAI_API_KEY at import, 1.x when the client is built. */
const ATTRIBUTE_READS: readonly (LibraryRead & { target: RegExp })[] = [{ ...OPENAI, target: /^openai\.api_key$/ }];

export type LibraryReadEdit =
  | { kind: 'drop-argument'; argument: Node; read: LibraryRead; keyword: string }
  | { kind: 'remove-statement'; statement: Node; read: LibraryRead; what: string; alsoDropped?: string[] };

/** What to do with the whole-string literal `node` so the library reads `envVar` itself, if anything. */
export function libraryReadEdit(node: Node, envVar: string): LibraryReadEdit | undefined {
  const parent = node.parent;
  if (parent?.type === 'keyword_argument' && parent.childForFieldName('value')?.id === node.id) return keywordRead(parent, envVar);
  if (parent?.type === 'argument_list') return positionalLogin(node, parent, envVar);
  if (parent?.type === 'assignment' && parent.childForFieldName('right')?.id === node.id) return attributeRead(parent, envVar);
  return undefined;
}

function keywordRead(argument: Node, envVar: string): LibraryReadEdit | undefined {
  const keyword = argument.childForFieldName('name')?.text ?? '';
  const argumentList = argument.parent;
  const call = argumentList?.parent;
  const name = calledName(call);
  if (!argumentList || !call) return undefined;
  if (LOGIN_CALL.test(name) && keyword === 'token' && HUGGINGFACE.envVars.includes(envVar)) return loginStatement(call, name, argument);
  const read = KEYWORD_READS.find((entry) => entry.call.test(name) && entry.keywords.includes(keyword) && entry.envVars.includes(envVar));
  if (!read) return undefined;
  const keywords = argumentList.namedChildren.filter((child): child is Node => child?.type === 'keyword_argument').map((child) => child.childForFieldName('name')?.text);
  if (read.unless?.some((unless) => keywords.includes(unless))) return undefined;
  return { kind: 'drop-argument', argument, read, keyword };
}

/** `huggingface_hub.login("hf_…")`: the token is the first positional argument. */
function positionalLogin(node: Node, argumentList: Node, envVar: string): LibraryReadEdit | undefined {
  const first = argumentList.namedChildren.find((child): child is Node => !!child && child.type !== 'comment');
  const call = argumentList.parent;
  const name = calledName(call);
  if (first?.id !== node.id || !call || !LOGIN_CALL.test(name) || !HUGGINGFACE.envVars.includes(envVar)) return undefined;
  return loginStatement(call, name, node);
}

/**
 * Only a call that is a statement of its own goes: `login()` without a token would prompt (it does
 * not read HF_TOKEN), so a login whose result is used keeps its argument and the resolver.
 */
function loginStatement(call: Node, name: string, token: Node): LibraryReadEdit | undefined {
  const statement = call.parent;
  if (statement?.type !== 'expression_statement' || statement.namedChildCount !== 1) return undefined;
  // `add_to_git_credential=True` goes with the call: the report says so.
  const others = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((child): child is Node => !!child && child.type !== 'comment' && child.id !== token.id);
  return { kind: 'remove-statement', statement, read: HUGGINGFACE, what: `${name}(...)`, alsoDropped: others.map((child) => compact(child.text)) };
}

function attributeRead(assignment: Node, envVar: string): LibraryReadEdit | undefined {
  const target = compact(assignment.childForFieldName('left')?.text ?? '');
  const read = ATTRIBUTE_READS.find((entry) => entry.target.test(target) && entry.envVars.includes(envVar));
  const statement = assignment.parent;
  if (!read || statement?.type !== 'expression_statement' || statement.namedChildCount !== 1) return undefined;
  return { kind: 'remove-statement', statement, read, what: `${target} = ...` };
}

function calledName(call: Node | null | undefined): string {
  if (call?.type !== 'call') return '';
  return compact(call.childForFieldName('function')?.text ?? '');
}

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}
