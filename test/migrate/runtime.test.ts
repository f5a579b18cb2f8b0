/**
 * Rewrites for where the code really runs, checked with python3 and a real Dockerfile parser:
 * framework-loaded configs get plain os.environ lookups (mmengine's lazy-import test stays off),
 * a handler a Dockerfile copies alone needs nothing but itself, and a build-time CLI login goes.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/migrate/index.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { makeRepo } from './support.js';

const tokens = new FakeTokens(31);
const HF = tokens.expand('hf_{{alpha:34}}');
const WB = tokens.expand('{{hex:40}}');
const sha = (value: string): string => createHash('sha256').update(value).digest('hex').slice(0, 12);

function python(cwd: string, code: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync('python3', ['-c', code], { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'], ...env } });
  return { status: run.status, stdout: run.stdout.trim(), stderr: run.stderr };
}

/** mmengine's rule (Config._is_lazy_import): a non-stdlib import met before `_base_` means lazy mode. */
const LAZY_CHECK = `
import ast, sys
def is_lazy(path):
    tree = ast.parse(open(path).read())
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) and node.targets[0].id == "_base_":
            return False
        if isinstance(node, ast.ImportFrom):
            if node.level != 0:
                return True
            if node.module and node.module.split(".")[0] not in sys.stdlib_module_names:
                return True
        if isinstance(node, ast.Import):
            if any(alias.name.split(".")[0] not in sys.stdlib_module_names for alias in node.names):
                return True
    return False
`;

describe('framework-loaded Python configs', () => {
  it('an mmengine _base_ config and a configs/ module read os.environ, import no resolver, and still load', { timeout: 60_000 }, async () => {
    const root = makeRepo({
      'configs/_base_/default.py': 'lr = 1e-4\n',
      'configs/train_amlt.py': `_base_ = ["./_base_/default.py"]\nwandb_api_key = '${WB}'\nhuggingface_token = "${HF}"\nbatch_size = 8\n`,
      'train.py': `from huggingface_hub import HfApi\napi = HfApi()\nTOKEN = "${HF}"\n`,
    });
    const { report } = await migrate({ root, history: false });
    const config = readFileSync(join(root, 'configs/train_amlt.py'), 'utf8');
    expect(config).not.toContain(HF);
    expect(config).not.toMatch(/secret_resolver|get_secret/);
    expect(config).toMatch(/os\.environ\.get\("HF_TOKEN"\)/);
    expect(report.files.find((file) => file.path === 'configs/train_amlt.py')?.notes.join(' ')).toMatch(/framework loads itself/);

    const lazy = python(root, `${LAZY_CHECK}\nprint(is_lazy("configs/train_amlt.py"))`);
    expect(lazy.stdout, lazy.stderr).toBe('False');
    // Executed standalone, as mmengine's Config.fromfile does: values with the env, None without.
    const load = 'import runpy; ns = runpy.run_path("configs/train_amlt.py"); import hashlib\nh = lambda v: v and hashlib.sha256(v.encode()).hexdigest()[:12]\nprint(h(ns["huggingface_token"]), h(ns["wandb_api_key"]), ns["batch_size"])';
    expect(python(root, load, { HF_TOKEN: HF, WANDB_API_KEY: WB }).stdout).toBe(`${sha(HF)} ${sha(WB)} 8`);
    const unset = python(root, load);
    expect(unset.status, unset.stderr).toBe(0);
    expect(unset.stdout).toBe('None None 8');
  });
});

describe('containers', () => {
  it('a handler the Dockerfile copies alone reads the environment, and the build-time login is removed', { timeout: 60_000 }, async () => {
    const root = makeRepo({
      'serverless/handler.py': `import hashlib\nimport os\n\nTOKEN = os.environ.get("HF_TOKEN", "${HF}")\nprint(hashlib.sha256(TOKEN.encode()).hexdigest()[:12])\n`,
      'serverless/client.py': `API_TOKEN = "${HF}"\n`,
      'serverless/Dockerfile': [
        'FROM python:3.11-slim',
        'COPY handler.py /handler.py',
        'RUN pip install --no-cache-dir huggingface_hub \\',
        `    && huggingface-cli login --token ${HF}`,
        `RUN huggingface-cli login --token ${HF} && huggingface-cli download org/model`,
        'CMD ["python", "-u", "/handler.py"]',
        '',
      ].join('\n'),
    });
    const { report } = await migrate({ root, history: false });
    const handler = readFileSync(join(root, 'serverless/handler.py'), 'utf8');
    expect(handler).not.toContain(HF);
    expect(handler).not.toMatch(/secret_resolver/);
    // The loose client.py is not in the image, so it keeps the resolver.
    expect(readFileSync(join(root, 'serverless/client.py'), 'utf8')).toMatch(/get_secret\("HF_TOKEN"\)/);

    // The image: only what the Dockerfile copies. The handler runs there with the env passed at run time.
    const image = mkdtempSync(join(tmpdir(), 'leakguard-image-'));
    copyFileSync(join(root, 'serverless/handler.py'), join(image, 'handler.py'));
    const run = spawnSync('python3', ['-u', 'handler.py'], { cwd: image, encoding: 'utf8', env: { PATH: process.env['PATH'], HF_TOKEN: HF } });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe(sha(HF));

    const dockerfile = readFileSync(join(root, 'serverless/Dockerfile'), 'utf8');
    expect(dockerfile).not.toContain(HF);
    const parsed = DockerfileParser.parse(dockerfile);
    const instructions = parsed.getInstructions().map((instruction) => [instruction.getKeyword(), instruction.getArgumentsContent()?.replace(/\\\r?\n\s*/g, ' ').trim()]);
    expect(instructions).toEqual([
      ['FROM', 'python:3.11-slim'],
      ['COPY', 'handler.py /handler.py'],
      ['RUN', 'pip install --no-cache-dir huggingface_hub'],
      ['RUN', expect.stringMatching(/^(?:--mount=type=secret,id=hf_token,env=HF_TOKEN )?huggingface-cli download org\/model$/)],
      ['CMD', '["python", "-u", "/handler.py"]'],
    ]);
    expect(parsed.getInstructions().some((instruction) => /login/.test(instruction.getTextContent()))).toBe(false);
    const notes = report.files.find((file) => file.path === 'serverless/Dockerfile')?.notes.join(' ') ?? '';
    expect(notes).toMatch(/removed the CLI login/);
    expect(notes).toMatch(/pass HF_TOKEN when the container runs/);
  });
});
