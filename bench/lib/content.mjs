// Text that looks like the inside of a machine-learning repository: training code that mentions
// wandb and Hugging Face everywhere (so the keyword prefilter has real work), configs that read
// credentials from the environment, lock files full of hashes, notebooks with base64 plots.
// Every generator is deterministic in its Dice and stops near its byte target.

const WORDS = (
  'model data train eval loss batch token layer hidden dropout optimizer scheduler checkpoint epoch ' +
  'step gradient attention embedding encoder decoder vision text audio dataset loader split shard ' +
  'config run sweep metric accuracy precision recall score weight bias norm residual head block ' +
  'learning rate warmup decay cosine linear sample prompt completion reward policy value critic ' +
  'adapter lora quant fp16 bf16 cache device cuda cluster node rank world seed logger artifact ' +
  'upload download mirror hub repo revision branch commit image caption label feature vocab merge ' +
  'tokenizer tokens wandb huggingface hf_hub api_key secret password auth login'
).split(' ');

const ORGS = ['meta-llama', 'mistralai', 'google', 'openai', 'bigscience', 'EleutherAI', 'stabilityai', 'microsoft', 'Qwen', 'allenai'];
const MODELS = ['Llama-3-8B', 'Mistral-7B-v0.3', 'gemma-2-9b', 'whisper-large-v3', 'bloom-560m', 'pythia-1.4b', 'stable-diffusion-xl', 'phi-3-mini', 'Qwen2-7B', 'OLMo-7B'];
const PACKAGES = ['torch', 'transformers', 'datasets', 'accelerate', 'wandb', 'huggingface-hub', 'numpy', 'scipy', 'pandas', 'tokenizers', 'safetensors', 'peft', 'trl', 'deepspeed', 'einops', 'omegaconf', 'hydra-core', 'pydantic', 'requests', 'tqdm', 'runpod', 'openai', 'anthropic', 'boto3', 'pyyaml', 'rich'];

/** @typedef {import('./random.mjs').Dice} Dice */

/** @param {Dice} d */
const word = (d) => d.pick(WORDS);
/** @param {Dice} d */
const ident = (d) => `${word(d)}_${word(d)}`;
/** @param {Dice} d */
const className = (d) => `${cap(word(d))}${cap(word(d))}${d.pick(['Model', 'Trainer', 'Head', 'Block', 'Dataset', 'Config'])}`;
/** @param {string} s */
const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
/** @param {Dice} d @param {number} n */
const sentence = (d, n = d.between(6, 16)) => cap(Array.from({ length: n }, () => word(d)).join(' ')) + '.';
/** @param {Dice} d */
const version = (d) => `${d.between(0, 4)}.${d.between(0, 40)}.${d.between(0, 12)}`;
/** @param {Dice} d */
const modelId = (d) => `${d.pick(ORGS)}/${d.pick(MODELS)}`;

/**
 * Grows a list of lines block by block until it reaches `target` bytes, then splices the secret
 * line (if any) in at a random block boundary after the header.
 * @param {Dice} d @param {number} target @param {string[]} header @param {(d: Dice) => string[]} block
 * @param {string | undefined} secret
 */
function grow(d, target, header, block, secret) {
  const lines = [...header];
  let bytes = lines.reduce((sum, line) => sum + line.length + 1, 0);
  const boundaries = [];
  while (bytes < target) {
    boundaries.push(lines.length);
    for (const line of block(d)) {
      lines.push(line);
      bytes += line.length + 1;
    }
  }
  if (secret !== undefined) lines.splice(boundaries.length > 0 ? d.pick(boundaries) : lines.length, 0, secret);
  return `${lines.join('\n')}\n`;
}

/** @param {Dice} d */
function pythonBlock(d) {
  switch (d.int(6)) {
    case 0: {
      const name = className(d);
      return [
        '',
        `class ${name}(nn.Module):`,
        `    """${sentence(d)}"""`,
        '',
        `    def __init__(self, hidden_size: int = ${d.pick([256, 512, 768, 1024, 4096])}, dropout: float = 0.${d.between(0, 5)}):`,
        '        super().__init__()',
        `        self.${ident(d)} = nn.Linear(hidden_size, ${d.pick([128, 256, 3072, 11008])})`,
        `        self.${ident(d)} = nn.LayerNorm(hidden_size, eps=1e-${d.between(5, 12)})`,
        '        self.dropout = nn.Dropout(dropout)',
        '',
        '    def forward(self, x: torch.Tensor) -> torch.Tensor:',
        `        h = self.dropout(torch.nn.functional.gelu(x @ self.weight.T))  # ${sentence(d, 5)}`,
        '        return h + x',
      ];
    }
    case 1:
      return [
        '',
        `def ${ident(d)}(model, loader, optimizer, epochs: int = ${d.between(1, 30)}):`,
        `    """${sentence(d)}"""`,
        '    for epoch in range(epochs):',
        '        for step, batch in enumerate(loader):',
        '            loss = model(**batch).loss',
        '            loss.backward()',
        '            optimizer.step()',
        '            optimizer.zero_grad(set_to_none=True)',
        `            if step % ${d.pick([10, 50, 100, 500])} == 0:`,
        `                wandb.log({"loss": loss.item(), "epoch": epoch, "${word(d)}": ${d.next().toFixed(4)}})`,
      ];
    case 2:
      return [
        '',
        `def ${ident(d)}(cfg):`,
        '    # Credentials come from the environment (see README); never hardcode them here.',
        `    token = os.environ.get("HF_TOKEN")`,
        `    api = HfApi(token=token)`,
        `    path = snapshot_download(repo_id="${modelId(d)}", revision="${d.hex(40)}", token=token)`,
        `    tokenizer = AutoTokenizer.from_pretrained(path, revision="${d.hex(40)}", token=os.environ.get("HF_TOKEN"))`,
        `    run = wandb.init(project="${word(d)}-${word(d)}", entity=cfg.wandb.entity, config=dict(cfg))`,
        '    return api, path, run',
      ];
    case 3:
      return [
        '',
        `${ident(d).toUpperCase()} = ${d.between(1, 100000)}`,
        `${ident(d).toUpperCase()} = "${modelId(d)}"`,
        `${ident(d).toUpperCase()} = ${d.next().toFixed(6)}`,
        `CHECKPOINT_SHA256 = "${d.hex(64)}"`,
      ];
    case 4:
      return [
        '',
        `@torch.no_grad()`,
        `def ${ident(d)}(model, dataset, batch_size: int = ${d.pick([8, 16, 32, 64])}) -> dict[str, float]:`,
        '    model.eval()',
        '    totals = {"correct": 0, "seen": 0}',
        '    for batch in DataLoader(dataset, batch_size=batch_size):',
        '        logits = model(batch["input_ids"].cuda()).logits',
        '        totals["correct"] += (logits.argmax(-1) == batch["labels"].cuda()).sum().item()',
        '        totals["seen"] += batch["labels"].numel()',
        `    logger.info("${sentence(d, 6)} %s", totals)`,
        '    return {"accuracy": totals["correct"] / max(1, totals["seen"])}',
      ];
    default:
      return ['', `# ${sentence(d)}`, `# ${sentence(d)}`, `${ident(d)} = [${Array.from({ length: d.between(4, 12) }, () => d.between(0, 9999)).join(', ')}]`];
  }
}

/** @param {Dice} d @param {number} target @param {string} [secret] */
export function python(d, target, secret) {
  const header = [
    `"""${sentence(d)}"""`,
    'from __future__ import annotations',
    '',
    'import logging',
    'import os',
    '',
    'import torch',
    'import torch.nn as nn',
    'import wandb',
    'from huggingface_hub import HfApi, login, snapshot_download',
    'from torch.utils.data import DataLoader',
    '',
    'logger = logging.getLogger(__name__)',
  ];
  return grow(d, target, header, pythonBlock, secret);
}

/** @param {Dice} d */
function yamlBlock(d) {
  return [
    `${ident(d)}:`,
    `  model_name_or_path: ${modelId(d)}`,
    `  learning_rate: ${d.pick(['1.0e-4', '3.0e-4', '5.0e-5', '2.0e-5'])}`,
    `  per_device_train_batch_size: ${d.pick([4, 8, 16, 32])}`,
    `  gradient_accumulation_steps: ${d.pick([1, 2, 4, 8])}`,
    `  warmup_ratio: 0.0${d.between(1, 9)}`,
    `  # ${sentence(d)}`,
    `  output_dir: /scratch/\${oc.env:USER}/runs/${word(d)}-${d.between(1, 999)}`,
    `  report_to: [wandb]`,
    `  hub_token: \${oc.env:HF_TOKEN}`,
  ];
}

/** @param {Dice} d @param {number} target @param {string} [secret] */
export function yaml(d, target, secret) {
  const header = [
    `# ${sentence(d)}`,
    'defaults:',
    '  - _self_',
    `  - model: ${word(d)}`,
    'wandb:',
    `  project: ${word(d)}-${word(d)}`,
    `  entity: ${word(d)}-lab`,
    '  api_key: ${WANDB_API_KEY}',
  ];
  return grow(d, target, header, yamlBlock, secret);
}

/** @param {Dice} d @param {number} target @param {string} [secret] */
export function toml(d, target, secret) {
  const header = [
    '[project]',
    `name = "${word(d)}-${word(d)}"`,
    `version = "${version(d)}"`,
    `description = "${sentence(d)}"`,
    'requires-python = ">=3.10"',
    'dependencies = [',
    ...Array.from({ length: d.between(5, 15) }, () => `  "${d.pick(PACKAGES)}>=${version(d)}",`),
    ']',
  ];
  const block = (/** @type {Dice} */ dd) => [
    '',
    `[tool.${word(dd)}.${word(dd)}]`,
    `${ident(dd)} = ${dd.between(0, 4096)}`,
    `${ident(dd)} = "${word(dd)}"`,
    `${ident(dd)} = [${Array.from({ length: 4 }, () => `"${word(dd)}"`).join(', ')}]`,
  ];
  return grow(d, target, header, block, secret);
}

/** @param {Dice} d */
function markdownBlock(d) {
  switch (d.int(4)) {
    case 0:
      return ['', `## ${cap(word(d))} ${word(d)}`, '', sentence(d, 30), sentence(d, 22)];
    case 1:
      return [
        '',
        '```bash',
        `pip install ${d.pick(PACKAGES)}==${version(d)}`,
        'export HF_TOKEN=<your token from the Hub settings>',
        // The Hub's own docs write the token as hf_ and x's: token-shaped, and a placeholder.
        `huggingface-cli login --token hf_${'x'.repeat(34)}`,
        'export WANDB_API_KEY=...',
        `python -m ${word(d)}.train --config configs/${word(d)}.yaml`,
        '```',
      ];
    case 2:
      return [
        '',
        '| model | dataset | accuracy | loss |',
        '|---|---|---|---|',
        ...Array.from({ length: d.between(3, 10) }, () => `| ${modelId(d)} | ${word(d)} | ${d.next().toFixed(3)} | ${d.next().toFixed(4)} |`),
      ];
    default:
      return ['', `- ${sentence(d)}`, `- ${sentence(d)}`, `- See [the ${word(d)} notes](https://huggingface.co/${modelId(d)}).`];
  }
}

/** @param {Dice} d @param {number} target @param {string} [secret] */
export function markdown(d, target, secret) {
  return grow(d, target, [`# ${cap(word(d))} ${word(d)}`, '', sentence(d, 20)], markdownBlock, secret);
}

/** @param {Dice} d @param {number} target @param {string} [secret] */
export function shell(d, target, secret) {
  const header = ['#!/usr/bin/env bash', 'set -euo pipefail', '', 'export HF_HOME="/scratch/$USER/hf"', 'export WANDB_PROJECT="${WANDB_PROJECT:-default}"'];
  const block = (/** @type {Dice} */ dd) => [
    '',
    `# ${sentence(dd)}`,
    `python -m ${word(dd)}.${word(dd)} \\`,
    `  --model ${modelId(dd)} \\`,
    `  --lr ${dd.pick(['1e-4', '3e-5', '2e-5'])} --epochs ${dd.between(1, 20)} \\`,
    `  --output-dir "runs/${word(dd)}-$(date +%s)"`,
  ];
  return grow(d, target, header, block, secret);
}

/** @param {Dice} d @param {number} target @param {string} [secret] */
export function sbatch(d, target, secret) {
  const header = [
    '#!/bin/bash',
    `#SBATCH --job-name=${word(d)}-${word(d)}`,
    `#SBATCH --nodes=${d.between(1, 8)}`,
    '#SBATCH --gres=gpu:8',
    `#SBATCH --time=${d.between(1, 72)}:00:00`,
    '#SBATCH --output=logs/%x-%j.out',
    '',
    'module load cuda/12.1',
    'source ~/.venvs/train/bin/activate',
  ];
  const block = (/** @type {Dice} */ dd) => [
    '',
    `srun torchrun --nproc_per_node=8 train.py --config configs/${word(dd)}.yaml --seed ${dd.between(0, 9999)}`,
    `echo "${sentence(dd, 6)}"`,
  ];
  return grow(d, target, header, block, secret);
}

/** A pip requirements file pinned with hashes, as `pip-compile --generate-hashes` writes it. */
export function requirements(/** @type {Dice} */ d, /** @type {number} */ target) {
  const block = (/** @type {Dice} */ dd) => [
    `${dd.pick(PACKAGES)}==${version(dd)} \\`,
    `    --hash=sha256:${dd.hex(64)} \\`,
    `    --hash=sha256:${dd.hex(64)}`,
    `    # via ${dd.pick(PACKAGES)}`,
  ];
  return grow(d, target, ['#', '# This file is autogenerated by pip-compile with Python 3.11', '#'], block, undefined);
}

/** Lock files: poetry/uv TOML with sha256 per wheel, or npm's JSON with sha512 integrity. */
export function lockfile(/** @type {Dice} */ d, /** @type {number} */ target, /** @type {string} */ name) {
  if (name === 'package-lock.json') {
    const block = (/** @type {Dice} */ dd) => {
      const pkg = `${dd.pick(['@babel', '@types', '@vitest', ''])}${dd.int(2) ? '/' : ''}${word(dd)}-${word(dd)}`.replace(/^\//, '');
      return [
        `    "node_modules/${pkg}": {`,
        `      "version": "${version(dd)}",`,
        `      "resolved": "https://registry.npmjs.org/${pkg}/-/${pkg.split('/').pop()}-${version(dd)}.tgz",`,
        `      "integrity": "sha512-${dd.bytes(64).toString('base64')}",`,
        '      "dev": true',
        '    },',
      ];
    };
    const text = grow(d, target, ['{', `  "name": "${word(d)}-ui",`, '  "lockfileVersion": 3,', '  "packages": {'], block, undefined);
    return `${text}    "": {}\n  }\n}\n`;
  }
  const block = (/** @type {Dice} */ dd) => {
    const pkg = dd.pick(PACKAGES);
    const v = version(dd);
    return [
      '',
      '[[package]]',
      `name = "${pkg}"`,
      `version = "${v}"`,
      `source = { git = "https://github.com/${word(dd)}/${pkg}.git", rev = "${dd.hex(40)}" }`,
      'files = [',
      ...Array.from({ length: dd.between(2, 6) }, () => `    {file = "${pkg}-${v}-cp311-cp311-manylinux_2_17_x86_64.whl", hash = "sha256:${dd.hex(64)}"},`),
      ']',
    ];
  };
  return grow(d, target, ['# This file is automatically @generated and should not be changed by hand.', 'version = 1'], block, undefined);
}

/** A JSON config (model config, tokenizer settings) with an optional credential entry. */
export function jsonConfig(/** @type {Dice} */ d, /** @type {number} */ target, /** @type {string | undefined} */ secret) {
  const lines = ['{', `  "_name_or_path": "${modelId(d)}",`];
  if (secret !== undefined) lines.push(`  ${secret},`);
  let bytes = lines.join('\n').length;
  while (bytes < target) {
    const line = `  "${ident(d)}_${d.int(1000)}": ${d.chance(0.5) ? d.between(0, 65536) : `"${word(d)} ${word(d)}"`},`;
    lines.push(line);
    bytes += line.length + 1;
  }
  lines.push('  "model_type": "llama"', '}');
  return `${lines.join('\n')}\n`;
}

/** Rows of a data dump: CSV or JSONL of prompts and labels. */
export function dataFile(/** @type {Dice} */ d, /** @type {number} */ target, /** @type {'csv' | 'jsonl'} */ format) {
  const rows = format === 'csv' ? ['id,text,label,score'] : [];
  let bytes = 0;
  for (let id = 0; bytes < target; id++) {
    const text = sentence(d, d.between(8, 40));
    const row = format === 'csv'
      ? `${id},"${text}",${word(d)},${d.next().toFixed(5)}`
      : JSON.stringify({ id, prompt: text, completion: sentence(d), label: word(d), score: Number(d.next().toFixed(5)) });
    rows.push(row);
    bytes += row.length + 1;
  }
  return `${rows.join('\n')}\n`;
}

/**
 * A Jupyter notebook (nbformat 4, indent 1 as Jupyter writes it) whose outputs carry training
 * logs and base64 PNG plots, which make up most of its bytes.
 */
export function notebook(/** @type {Dice} */ d, /** @type {number} */ target, /** @type {string | undefined} */ secret) {
  const cells = [];
  let bytes = 0;
  let secretPlaced = secret === undefined;
  while (bytes < target || !secretPlaced) {
    if (d.chance(0.3)) {
      const source = [`## ${cap(word(d))} ${word(d)}\n`, '\n', `${sentence(d, 25)}\n`];
      cells.push({ cell_type: 'markdown', metadata: {}, source });
      bytes += source.join('').length + 60;
      continue;
    }
    const source = pythonBlock(d).map((line) => `${line}\n`);
    if (!secretPlaced && (bytes >= target / 2 || d.chance(0.2))) {
      source.splice(1, 0, `${secret}\n`);
      secretPlaced = true;
    }
    const outputs = [];
    if (d.chance(0.6)) {
      const text = Array.from({ length: d.between(2, 20) }, (_, i) => `epoch ${i} loss ${d.next().toFixed(4)} lr ${d.next().toExponential(2)}\n`);
      outputs.push({ name: 'stdout', output_type: 'stream', text });
      bytes += text.join('').length;
    }
    if (d.chance(0.35)) {
      const png = `iVBORw0KGgoAAAANSUhEUgAA${d.bytes(Math.min(Math.max(2048, (target - bytes) * 0.7), 120_000) | 0).toString('base64')}\n`;
      outputs.push({ data: { 'image/png': png, 'text/plain': ['<Figure size 640x480 with 1 Axes>'] }, metadata: {}, output_type: 'display_data' });
      bytes += png.length;
    }
    cells.push({ cell_type: 'code', execution_count: cells.length + 1, metadata: {}, outputs, source });
    bytes += source.join('').length + 120;
  }
  const nb = {
    cells,
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python', version: '3.11.9' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return `${JSON.stringify(nb, null, 1)}\n`;
}

/** A few lines in the idiom of a file kind: what one commit adds to an existing file. */
export function snippet(/** @type {string} */ kind, /** @type {Dice} */ d) {
  switch (kind) {
    case 'py': return pythonBlock(d);
    case 'yaml': return yamlBlock(d);
    case 'md': return markdownBlock(d);
    case 'sh':
    case 'sbatch': return [`# ${sentence(d)}`, `python -m ${word(d)}.${word(d)} --seed ${d.between(0, 9999)}`];
    case 'toml': return [`${ident(d)} = ${d.between(0, 4096)}`];
    case 'txt': return [`${d.pick(PACKAGES)}==${version(d)} \\`, `    --hash=sha256:${d.hex(64)}`];
    default: return [`# ${sentence(d)}`];
  }
}
