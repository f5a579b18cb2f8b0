import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { python } from '../../src/migrate/languages/python/index.js';
import { notebook } from '../../src/migrate/languages/python/notebook.js';
import { typescript } from '../../src/migrate/languages/typescript/index.js';
import { FixtureTokens } from './fixture-tokens.js';
import { typeCheck } from './type-check.js';

/**
 * Where the library reads its own variable (huggingface_hub, wandb, openai, anthropic), the
 * rewrite drops the literal and adds no resolver. The rewritten program runs against stub modules
 * that stand in for the libraries and behave like them: with no value passed they read the
 * environment, and they record every argument they were given.
 */

const STUBS: Record<string, string> = {
  'stubcalls.py': 'calls = []\nseen = {}\n',
  'huggingface_hub/__init__.py': `import os
import stubcalls

def _token(token):
    return token or os.environ.get("HF_TOKEN")

def login(token=None, **kwargs):
    stubcalls.calls.append(("login", (token,), kwargs))

class HfApi:
    def __init__(self, token=None, **kwargs):
        stubcalls.calls.append(("HfApi", (), dict(kwargs, **({"token": token} if token else {}))))
        stubcalls.seen["HfApi"] = _token(token)

class InferenceClient:
    def __init__(self, model=None, token=None, api_key=None, **kwargs):
        token = token or api_key
        stubcalls.calls.append(("InferenceClient", (model,), dict(kwargs, **({"token": token} if token else {}))))
        stubcalls.seen["InferenceClient"] = _token(token)

def hf_hub_download(repo_id, filename, token=None, **kwargs):
    stubcalls.calls.append(("hf_hub_download", (repo_id, filename), dict(kwargs, **({"token": token} if token else {}))))
    stubcalls.seen["hf_hub_download"] = _token(token)
    return "/tmp/" + filename

def snapshot_download(repo_id, token=None, **kwargs):
    stubcalls.calls.append(("snapshot_download", (repo_id,), dict(kwargs, **({"token": token} if token else {}))))
    stubcalls.seen["snapshot_download"] = _token(token)
`,
  'transformers/__init__.py': `import os
import stubcalls

class AutoModel:
    @classmethod
    def from_pretrained(cls, name, **kwargs):
        stubcalls.calls.append(("from_pretrained", (name,), kwargs))
        stubcalls.seen["from_pretrained"] = os.environ.get("HF_TOKEN")
        return cls()

    def push_to_hub(self, repo_id, **kwargs):
        stubcalls.calls.append(("push_to_hub", (repo_id,), kwargs))
        stubcalls.seen["push_to_hub"] = os.environ.get("HF_TOKEN")
`,
  'wandb/__init__.py': `import os
import stubcalls

def login(key=None, **kwargs):
    stubcalls.calls.append(("wandb.login", (), dict(kwargs, **({"key": key} if key else {}))))
    stubcalls.seen["wandb.login"] = key or os.environ.get("WANDB_API_KEY")
`,
  'openai/__init__.py': `import os
import stubcalls

api_key = None

class OpenAI:
    def __init__(self, api_key=None, **kwargs):
        stubcalls.calls.append((type(self).__name__, (), dict(kwargs, **({"api_key": api_key} if api_key else {}))))
        stubcalls.seen[type(self).__name__] = api_key or os.environ.get("OPENAI_API_KEY")

class AsyncOpenAI(OpenAI):
    pass
`,
  'anthropic/__init__.py': `import os
import stubcalls

class Anthropic:
    def __init__(self, api_key=None, **kwargs):
        stubcalls.calls.append((type(self).__name__, (), dict(kwargs, **({"api_key": api_key} if api_key else {}))))
        stubcalls.seen[type(self).__name__] = api_key or os.environ.get("ANTHROPIC_API_KEY")

class AsyncAnthropic(Anthropic):
    pass
`,
};

const PROGRAM = `import huggingface_hub
import openai
import wandb
from anthropic import Anthropic, AsyncAnthropic
from huggingface_hub import HfApi, InferenceClient, hf_hub_download, login, snapshot_download
from openai import AsyncOpenAI, OpenAI
from transformers import AutoModel

login(token="@@HF_TOKEN@@")
huggingface_hub.login("@@HF_TOKEN@@")
api = HfApi(token="@@HF_TOKEN@@")
inference = InferenceClient("org/model", api_key="@@HF_TOKEN@@")
path = hf_hub_download(repo_id="org/model", filename="config.json", token="@@HF_TOKEN@@")
snapshot_download(
    repo_id="org/model",
    token="@@HF_TOKEN@@",
)
model = AutoModel.from_pretrained("org/model", use_auth_token="@@HF_TOKEN@@")
model.push_to_hub("org/model", token="@@HF_TOKEN@@")
wandb.login(key="@@WANDB_API_KEY@@")
openai.api_key = "@@OPENAI_API_KEY@@"
client = OpenAI(api_key="@@OPENAI_API_KEY@@")
async_client = AsyncOpenAI(api_key="@@OPENAI_API_KEY@@", timeout=30)
claude = Anthropic(api_key="@@ANTHROPIC_API_KEY@@")
async_claude = AsyncAnthropic(
    api_key="@@ANTHROPIC_API_KEY@@",  # from the console
    max_retries=2,
)


def setup():
    login(token="@@HF_TOKEN@@")


setup()
`;

const REPORT = `
import json, stubcalls
print(json.dumps({"calls": stubcalls.calls, "seen": stubcalls.seen, "openai_api_key": openai.api_key}))
`;

function stubRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'leakguard-libreads-'));
  for (const [path, text] of Object.entries(STUBS)) {
    mkdirSync(join(root, 'stubs', path, '..'), { recursive: true });
    writeFileSync(join(root, 'stubs', path), text);
  }
  return root;
}

interface StubReport {
  calls: [string, unknown[], Record<string, unknown>][];
  seen: Record<string, string | null>;
  openai_api_key: string | null;
}

function runWithStubs(root: string, source: string, env: Record<string, string>): StubReport {
  const file = join(root, 'main.py');
  writeFileSync(file, source + REPORT);
  execFileSync('python3', ['-m', 'py_compile', file], { stdio: 'pipe' });
  const output = execFileSync('python3', [file], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', PYTHONPATH: join(root, 'stubs'), ...env } });
  return JSON.parse(output) as StubReport;
}

async function rewritePython(tokens: FixtureTokens, template: string, path = 'main.py') {
  return python.rewrite({ path, root: '/nonexistent', text: tokens.expand(template), findings: tokens.findings(template, path), style: 'resolver', repoFiles: new Set([path]) });
}

describe('libraries that read their own variable (Python)', () => {
  const tokens = new FixtureTokens(12);
  const env = { HF_TOKEN: tokens.value('HF_TOKEN'), WANDB_API_KEY: tokens.value('WANDB_API_KEY'), OPENAI_API_KEY: tokens.value('OPENAI_API_KEY'), ANTHROPIC_API_KEY: tokens.value('ANTHROPIC_API_KEY') };

  it('the original program hands every stub its token (the oracle is not vacuous)', () => {
    const report = runWithStubs(stubRoot(), tokens.expand(PROGRAM), {});
    expect(report.calls.filter(([, args, kwargs]) => Object.keys(kwargs).some((key) => /token|key/.test(key)) || args.some((arg) => tokens.allValues().includes(String(arg)))).length).toBe(14);
    expect(report.openai_api_key).toBe(tokens.value('OPENAI_API_KEY'));
  });

  it('drops the arguments and login calls, imports no resolver, and the program still authenticates from the environment', async () => {
    const result = await rewritePython(tokens, PROGRAM);
    expect(result.status).toBe('changed');
    const text = result.text!;
    expect(text).not.toMatch(/get_secret|secret_resolver/);
    expect(result.generated).toEqual([]);
    for (const value of tokens.allValues()) expect(text).not.toContain(value);
    expect(text).toContain('api = HfApi()\n');
    expect(text).toContain('wandb.login()\n');
    expect(text).toContain('snapshot_download(\n    repo_id="org/model",\n)\n');
    expect(text).toContain('async_client = AsyncOpenAI(timeout=30)\n');
    expect(text).toContain('async_claude = AsyncAnthropic(\n    max_retries=2,\n)\n');
    expect(text).toContain('# huggingface_hub reads HF_TOKEN from the environment itself (see .env.example)\n');
    expect(text).toContain('def setup():\n    pass  # huggingface_hub reads HF_TOKEN');
    expect(text).toContain('# openai reads OPENAI_API_KEY from the environment itself');

    const report = runWithStubs(stubRoot(), text, env);
    const passed = report.calls.filter(([, args, kwargs]) => Object.keys(kwargs).some((key) => /token|key/.test(key)) || args.some((arg) => tokens.allValues().includes(String(arg))));
    expect(passed).toEqual([]);
    expect(report.calls.map(([name]) => name)).not.toContain('login');
    expect(report.openai_api_key).toBeNull();
    expect(report.seen).toEqual({
      HfApi: env.HF_TOKEN,
      InferenceClient: env.HF_TOKEN,
      hf_hub_download: env.HF_TOKEN,
      snapshot_download: env.HF_TOKEN,
      from_pretrained: env.HF_TOKEN,
      push_to_hub: env.HF_TOKEN,
      'wandb.login': env.WANDB_API_KEY,
      OpenAI: env.OPENAI_API_KEY,
      AsyncOpenAI: env.OPENAI_API_KEY,
      Anthropic: env.ANTHROPIC_API_KEY,
      AsyncAnthropic: env.ANTHROPIC_API_KEY,
    });
    const notes = result.notes ?? [];
    for (const library of ['huggingface_hub reads HF_TOKEN', 'wandb reads WANDB_API_KEY', 'openai reads OPENAI_API_KEY', 'anthropic reads ANTHROPIC_API_KEY']) {
      expect(notes.filter((note) => note.includes(library))[0]).toMatch(/itself .*export it or load \.env .*set -a; \. \.\/\.env; set \+a.*--env-file/);
    }
  });

  it('keeps the resolver where the library would not find the value by itself', async () => {
    const template = [
      'import wandb',
      'from huggingface_hub import HfApi, login',
      'TOKEN = "@@HF_TOKEN@@"',
      'api = HfApi(token=TOKEN)',
      'write_api = HfApi(token="@@HF_TOKEN_2@@")',
      'ok = login(token="@@HF_TOKEN@@")',
      'wandb.login(key="@@WANDB_API_KEY@@", relogin=True)',
      'other = SomeClient(token="@@HF_TOKEN@@")',
      'router = InferenceClient(provider="together", api_key="@@HF_TOKEN_2@@")',
      '',
    ].join('\n');
    const result = await rewritePython(tokens, template);
    expect(result.status).toBe('changed');
    const text = result.text!;
    expect(text).toContain('TOKEN = get_secret("HF_TOKEN")\n');
    expect(text).toContain('write_api = HfApi(token=get_secret("HF_TOKEN_2"))\n');
    expect(text).toContain('ok = login(token=get_secret("HF_TOKEN"))\n');
    expect(text).toContain('wandb.login(key=get_secret("WANDB_API_KEY"), relogin=True)\n');
    expect(text).toContain('other = SomeClient(token=get_secret("HF_TOKEN"))\n');
    expect(text).toContain('router = InferenceClient(provider="together", api_key=get_secret("HF_TOKEN_2"))\n');
    expect(result.generated?.map((file) => file.path)).toEqual(['secret_resolver.py']);
  });

  it('leaves code on the same line alone when a login call goes', async () => {
    const result = await rewritePython(tokens, 'from huggingface_hub import login\nlogin(token="@@HF_TOKEN@@"); print("ready")\n');
    expect(result.text).toBe('from huggingface_hub import login\nprint("ready")\n');
  });

  it('removes the login from a notebook cell without adding a resolver import', async () => {
    const source = ['from huggingface_hub import login\n', 'login(token="@@HF_TOKEN@@")'];
    const template = JSON.stringify({ cells: [{ cell_type: 'code', execution_count: 1, id: 'a1', metadata: {}, outputs: [], source }], metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1);
    const result = await notebook.rewrite({ path: 'nb/explore.ipynb', root: '/nonexistent', text: tokens.expand(template), findings: tokens.findings(template, 'nb/explore.ipynb'), style: 'resolver', repoFiles: new Set(['nb/explore.ipynb']) });
    expect(result.status).toBe('changed');
    const cell = (JSON.parse(result.text!) as { cells: { source: string[] }[] }).cells[0]!;
    expect(cell.source.join('')).toBe('from huggingface_hub import login\n# huggingface_hub reads HF_TOKEN from the environment itself (see .env.example)');
    expect(result.generated).toEqual([]);
    expect(result.notes?.join('\n')).toMatch(/nb\/explore\.ipynb cell 1: huggingface_hub reads HF_TOKEN itself/);
  });
});

/** Minimal SDK typings: the options are optional, as in the real SDKs, and typos would not pass. */
const SDK_TYPES = `declare module "openai" {
  export interface ClientOptions { apiKey?: string; timeout?: number; maxRetries?: number }
  export default class OpenAI { constructor(options?: ClientOptions); apiKey: string }
}
declare module "@anthropic-ai/sdk" {
  export interface ClientOptions { apiKey?: string | null; maxRetries?: number }
  export default class Anthropic { constructor(options?: ClientOptions); apiKey: string | null }
}
declare module "@huggingface/inference" {
  export class HfInference { constructor(accessToken?: string) }
}
`;

/** CommonJS stand-ins for the SDKs: like the real ones they default apiKey to the environment. */
const SDK_STUBS: Record<string, string> = {
  'node_modules/openai/index.js': `class OpenAI {
  constructor(options = {}) {
    globalThis.calls.push(['OpenAI', Object.keys(options)]);
    this.apiKey = options.apiKey ?? process.env.OPENAI_API_KEY;
  }
}
module.exports = OpenAI;
module.exports.default = OpenAI;
`,
  'node_modules/@anthropic-ai/sdk/index.js': `class Anthropic {
  constructor(options = {}) {
    globalThis.calls.push(['Anthropic', Object.keys(options)]);
    this.apiKey = options.apiKey ?? process.env.ANTHROPIC_API_KEY;
  }
}
module.exports = Anthropic;
module.exports.default = Anthropic;
`,
};

describe('libraries that read their own variable (TypeScript and JavaScript)', () => {
  const tokens = new FixtureTokens(13);
  const rewriteTs = (template: string, path: string) =>
    typescript.rewrite({ path, root: '/nonexistent', text: tokens.expand(template), findings: tokens.findings(template, path), style: 'resolver', repoFiles: new Set([path]) });

  const TS_CLIENTS = [
    'import Anthropic from "@anthropic-ai/sdk";',
    'import OpenAI from "openai";',
    '',
    'export const openai = new OpenAI({ apiKey: "@@OPENAI_API_KEY@@" });',
    'export const quick = new OpenAI({ apiKey: "@@OPENAI_API_KEY@@", timeout: 5 });',
    'export const patient = new OpenAI({ timeout: 60, apiKey: "@@OPENAI_API_KEY@@" });',
    'export const claude = new Anthropic({',
    '  apiKey: "@@ANTHROPIC_API_KEY@@", // from the console',
    '  maxRetries: 2,',
    '});',
    '',
  ].join('\n');

  it('drops apiKey from OpenAI and Anthropic clients, imports no resolver, and type-checks', async () => {
    const result = await rewriteTs(TS_CLIENTS, 'src/clients.ts');
    expect(result.status).toBe('changed');
    const text = result.text!;
    expect(text).not.toMatch(/getSecret|secret-resolver/);
    expect(result.generated).toEqual([]);
    expect(text).toContain('export const openai = new OpenAI();\n');
    expect(text).toContain('export const quick = new OpenAI({ timeout: 5 });\n');
    expect(text).toContain('export const patient = new OpenAI({ timeout: 60 });\n');
    expect(text).toContain('export const claude = new Anthropic({\n  maxRetries: 2,\n});\n');
    expect(result.notes?.join('\n')).toMatch(/openai reads OPENAI_API_KEY itself .*export it or load \.env/);
    expect(result.notes?.join('\n')).toMatch(/@anthropic-ai\/sdk reads ANTHROPIC_API_KEY itself/);
    const dir = mkdtempSync(join(tmpdir(), 'leakguard-libreads-ts-'));
    writeFileSync(join(dir, 'clients.ts'), text);
    expect(typeCheck([join(dir, 'clients.ts')], SDK_TYPES)).toEqual([]);
    // The typings are not vacuous: a misspelt option fails.
    writeFileSync(join(dir, 'broken.ts'), 'import OpenAI from "openai";\nexport const c = new OpenAI({ apiKee: "x" });\n');
    expect(typeCheck([join(dir, 'broken.ts')], SDK_TYPES).length).toBeGreaterThan(0);
  }, 60_000);

  it('the rewritten JavaScript runs against SDK stand-ins that read the environment', async () => {
    const template = [
      "const OpenAI = require('openai')",
      "const Anthropic = require('@anthropic-ai/sdk')",
      "const openai = new OpenAI({ apiKey: '@@OPENAI_API_KEY@@' })",
      "const claude = new Anthropic({ maxRetries: 1, apiKey: '@@ANTHROPIC_API_KEY@@' })",
      'console.log(JSON.stringify({ calls: globalThis.calls, keys: [openai.apiKey, claude.apiKey] }))',
      '',
    ].join('\n');
    const result = await rewriteTs(template, 'server/clients.cjs');
    expect(result.status).toBe('changed');
    expect(result.generated).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'leakguard-libreads-js-'));
    for (const [path, text] of Object.entries(SDK_STUBS)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    writeFileSync(join(dir, 'clients.cjs'), `globalThis.calls = [];\n${result.text!}`);
    const env = { PATH: process.env.PATH ?? '', OPENAI_API_KEY: tokens.value('OPENAI_API_KEY'), ANTHROPIC_API_KEY: tokens.value('ANTHROPIC_API_KEY') };
    const output = JSON.parse(execFileSync(process.execPath, [join(dir, 'clients.cjs')], { cwd: dir, encoding: 'utf8', env })) as { calls: [string, string[]][]; keys: string[] };
    expect(output.calls).toEqual([['OpenAI', []], ['Anthropic', ['maxRetries']]]);
    expect(output.keys).toEqual([env.OPENAI_API_KEY, env.ANTHROPIC_API_KEY]);
  });

  it('leaves a browser client (dangerouslyAllowBrowser) to the user: its key is public wherever it comes from', async () => {
    const result = await rewriteTs('import OpenAI from "openai";\nexport const c = new OpenAI({ apiKey: "@@OPENAI_API_KEY@@", dangerouslyAllowBrowser: true });\n', 'src/chat.ts');
    expect(result.status).toBe('manual');
    expect(result.reason).toMatch(/src\/chat\.ts:2: the openai client is built with dangerouslyAllowBrowser.*server route.*rotate/);
  });

  it('keeps the resolver for @huggingface/inference (it reads no environment variable) and for look-alike classes', async () => {
    const template = [
      'import { HfInference } from "@huggingface/inference";',
      'import { OpenAI } from "./my-openai";',
      'export const hf = new HfInference("@@HF_TOKEN@@");',
      'export const mine = new OpenAI({ apiKey: "@@OPENAI_API_KEY@@" });',
      '',
    ].join('\n');
    const result = await rewriteTs(template, 'src/other.ts');
    expect(result.text).toContain('new HfInference(getSecret("HF_TOKEN"))');
    expect(result.text).toContain('new OpenAI({ apiKey: getSecret("OPENAI_API_KEY") })');
    expect(result.generated?.map((file) => file.path)).toEqual(['src/secret-resolver.ts']);
  });
});
