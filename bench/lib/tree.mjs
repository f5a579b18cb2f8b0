// The file plan of a corpus tree (which files, what kind, how big, which hold a secret) and the
// rendering of one planned file. Both are pure functions of the seed.
import { FakeTokens } from '../../dist/src/util/fake-tokens.js';
import * as content from './content.mjs';
import { Dice, childSeed } from './random.mjs';
import { SECRET_KINDS, SEEDABLE_KINDS, secretLine } from './secrets.mjs';

// Data dumps stay below leakguard's default maxFileSize (2 MiB) so every tool reads the same bytes.
export const MAX_FILE_BYTES = 1_900_000;
const FILES_PER_PROJECT = 200;

/**
 * share: fraction of the files; weight: size relative to the mean file. Notebooks (base64 plots),
 * lock files and data dumps are few but hold much of the bytes, as in real ML repositories.
 */
const KINDS = [
  { kind: 'py', share: 0, weight: 1 },
  { kind: 'yaml', share: 0.12, weight: 0.35 },
  { kind: 'md', share: 0.09, weight: 0.9 },
  { kind: 'json', share: 0.07, weight: 0.8 },
  { kind: 'sh', share: 0.06, weight: 0.3 },
  { kind: 'sbatch', share: 0.03, weight: 0.3 },
  { kind: 'toml', share: 0.03, weight: 0.4 },
  { kind: 'ipynb', share: 0.06, weight: 10 },
  { kind: 'txt', share: 0.1, weight: 0.5 },
  { kind: 'lock', share: 0.012, weight: 12 },
  { kind: 'data', share: 0.002, weight: 120 },
];
const LOCK_NAMES = ['poetry.lock', 'uv.lock', 'package-lock.json'];
const PACKAGE_NAMES = ['core', 'models', 'training', 'data', 'eval', 'serving', 'utils', 'tokenization'];

/** @typedef {{ index: number, path: string, kind: string, size: number, secret?: number }} PlannedFile */

/**
 * @param {{ files: number, sizeBytes: number, secrets: number, seed: number }} options
 * @returns {PlannedFile[]}
 */
export function planTree({ files, sizeBytes, secrets, seed }) {
  if (!(files >= 1)) throw new Error('corpus: --files must be at least 1');
  const dice = new Dice(childSeed(seed, 0));
  const kinds = [];
  for (const { kind, share } of KINDS.slice(1)) {
    const count = kind === 'data' ? Math.max(1, Math.round(share * files)) : Math.round(share * files);
    for (let i = 0; i < count && kinds.length < files; i++) kinds.push(kind);
  }
  while (kinds.length < files) kinds.push('py');
  dice.shuffle(kinds);

  const weights = kinds.map((kind) => (KINDS.find((k) => k.kind === kind)?.weight ?? 1) * dice.sizeJitter());
  const sizes = fitSizes(weights, sizeBytes);
  const plan = kinds.map((kind, index) => ({ index, kind, size: sizes[index] ?? 0, path: pathFor(kind, index, dice) }));

  const eligible = plan.filter((file) => SEEDABLE_KINDS.has(file.kind)).map((file) => file.index);
  if (secrets > eligible.length) throw new Error(`corpus: ${secrets} secrets need at least that many source files (have ${eligible.length})`);
  dice.shuffle(eligible);
  eligible.slice(0, secrets).forEach((index, position) => {
    const file = plan[index];
    if (file) file.secret = position;
  });
  return plan;
}

/** Scales weights to byte sizes summing to the target, capping each file at MAX_FILE_BYTES. */
function fitSizes(weights, target) {
  const capped = new Set();
  let sizes = weights.map(() => 0);
  for (let round = 0; round < 4; round++) {
    const cappedBytes = capped.size * MAX_FILE_BYTES;
    const free = weights.reduce((sum, weight, i) => (capped.has(i) ? sum : sum + weight), 0);
    const scale = Math.max(0, target - cappedBytes) / Math.max(free, 1e-9);
    sizes = weights.map((weight, i) => (capped.has(i) ? MAX_FILE_BYTES : Math.max(200, Math.round(weight * scale))));
    let changed = false;
    sizes.forEach((size, i) => {
      if (size > MAX_FILE_BYTES && !capped.has(i)) {
        capped.add(i);
        changed = true;
      }
    });
    if (!changed) break;
  }
  return sizes.map((size) => Math.min(size, MAX_FILE_BYTES));
}

function pathFor(kind, index, dice) {
  const projectIndex = Math.floor(index / FILES_PER_PROJECT);
  const project = `p${String(projectIndex).padStart(3, '0')}`;
  const pkg = PACKAGE_NAMES[(index * 7 + projectIndex) % PACKAGE_NAMES.length];
  const stem = `${['train', 'model', 'eval', 'data', 'utils', 'sweep', 'infer', 'export'][index % 8]}_${index}`;
  switch (kind) {
    case 'py': return `${project}/src/${pkg}/${stem}.py`;
    case 'yaml': return `${project}/configs/${pkg}/${stem}.yaml`;
    case 'md': return `${project}/docs/${stem}.md`;
    case 'json': return `${project}/configs/models/${stem}.json`;
    case 'sh': return `${project}/scripts/${stem}.sh`;
    case 'sbatch': return `${project}/slurm/${stem}.sbatch`;
    case 'toml': return `${project}/packages/${pkg}_${index}/pyproject.toml`;
    case 'ipynb': return `${project}/notebooks/${stem}.ipynb`;
    case 'txt': return `${project}/requirements/${stem}.txt`;
    case 'lock': return `${project}/services/svc_${index}/${dice.pick(LOCK_NAMES)}`;
    case 'data': return `${project}/data/${stem}.${index % 2 === 0 ? 'csv' : 'jsonl'}`;
    default: throw new Error(`unknown kind ${kind}`);
  }
}

/**
 * @param {PlannedFile} file @param {number} seed
 * @returns {{ text: string, secret?: { kind: string, token: string, line: number } }}
 */
export function renderFile(file, seed) {
  const dice = new Dice(childSeed(seed, file.index + 1));
  let secret;
  let line;
  if (file.secret !== undefined) {
    const secretKind = SECRET_KINDS[file.secret % SECRET_KINDS.length];
    if (!secretKind) throw new Error('unreachable');
    const token = secretKind.make(new FakeTokens(childSeed(seed, 1_000_000 + file.secret)));
    secret = { kind: secretKind.kind, token };
    line = secretLine(file.kind, secretKind, token, dice);
  }
  const text = renderKind(file, dice, line);
  if (!secret) return { text };
  const at = text.indexOf(secret.token);
  if (at === -1) throw new Error(`corpus: secret not written into ${file.path}`);
  return { text, secret: { ...secret, line: countLines(text, at) } };
}

function renderKind(file, dice, secretText) {
  const { kind, size, path } = file;
  switch (kind) {
    case 'py': return content.python(dice, size, secretText);
    case 'yaml': return content.yaml(dice, size, secretText);
    case 'md': return content.markdown(dice, size, secretText);
    case 'json': return content.jsonConfig(dice, size, secretText);
    case 'sh': return content.shell(dice, size, secretText);
    case 'sbatch': return content.sbatch(dice, size, secretText);
    case 'toml': return content.toml(dice, size, secretText);
    case 'ipynb': return content.notebook(dice, size, secretText);
    case 'txt': return content.requirements(dice, size);
    case 'lock': return content.lockfile(dice, size, path.slice(path.lastIndexOf('/') + 1));
    case 'data': return content.dataFile(dice, size, path.endsWith('.csv') ? 'csv' : 'jsonl');
    default: throw new Error(`unknown kind ${kind}`);
  }
}

/** 1-based line number of an offset. */
export function countLines(text, offset) {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) line++;
  return line;
}
