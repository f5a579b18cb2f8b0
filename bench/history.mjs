// A generated git history for `scan --history`: an ML repository that grows by small commits, with
// a credential committed now and then and removed a few commits later (as happens in real repos).
// Built with one `git fast-import` stream instead of thousands of `git commit` calls.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FakeTokens } from '../dist/src/util/fake-tokens.js';
import { CORPUS_ROOT, DEFAULT_SEED, GENERATOR_VERSION, manifestPath } from './lib/common.mjs';
import { snippet } from './lib/content.mjs';
import { Dice, childSeed } from './lib/random.mjs';
import { SECRET_KINDS, secretLine } from './lib/secrets.mjs';
import { planTree, renderFile } from './lib/tree.mjs';

const EDITABLE = new Set(['py', 'yaml', 'md', 'sh', 'sbatch', 'toml', 'txt']);
const SECRET_HOSTS = new Set(['py', 'yaml', 'sh']);
// A leaked credential lives this many commits before someone removes it.
const SECRET_LIFETIME = 7;

/**
 * @typedef {{ version: number, kind: 'history', seed: number, commits: number, baseFiles: number,
 *   secrets: { commit: number, path: string, kind: string, token: string }[] }} HistoryManifest
 */

/**
 * @param {{ dir: string, commits: number, seed?: number, baseFiles?: number, baseBytes?: number, secretEvery?: number }} options
 * @returns {HistoryManifest}
 */
export function generateHistory({ dir, commits, seed = DEFAULT_SEED, baseFiles = 600, baseBytes = 6 * 1024 * 1024, secretEvery = 40 }) {
  const root = resolve(dir);
  rmSync(manifestPath(root), { force: true });
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  git(root, ['init', '-q', '-b', 'main']);

  /** @type {Map<string, { kind: string, text: string }>} */
  const files = new Map();
  const base = planTree({ files: baseFiles, sizeBytes: baseBytes, secrets: 0, seed: childSeed(seed, 77) });
  for (const file of base) files.set(file.path, { kind: file.kind, text: renderFile(file, childSeed(seed, 77)).text });
  const editable = base.filter((file) => EDITABLE.has(file.kind)).map((file) => file.path);
  const hosts = base.filter((file) => SECRET_HOSTS.has(file.kind)).map((file) => file.path);

  const manifest = { version: GENERATOR_VERSION, kind: 'history', seed, commits, baseFiles, secrets: [] };
  /** @type {Map<number, { path: string, line: string }>} */
  const removals = new Map();
  const stream = [];
  for (let c = 0; c < commits; c++) {
    const dice = new Dice(childSeed(seed, 5_000_000 + c));
    const changed = c === 0 ? new Set(files.keys()) : new Set();
    let message = c === 0 ? 'Initial import' : `${dice.pick(['train', 'data', 'eval', 'configs', 'docs', 'infra'])}: ${dice.pick(['tweak', 'fix', 'add', 'tune', 'clean up'])} ${dice.pick(['lr schedule', 'loader', 'sweep', 'logging', 'readme', 'slurm job', 'deps'])}`;
    if (c > 0) {
      for (let n = dice.between(1, 3); n > 0; n--) {
        const path = dice.pick(editable);
        const file = files.get(path);
        if (!file) continue;
        file.text = editLines(file.text, dice, snippet(file.kind, dice));
        changed.add(path);
      }
      const removal = removals.get(c);
      if (removal) {
        const file = files.get(removal.path);
        if (file) file.text = file.text.replace(`${removal.line}\n`, '');
        changed.add(removal.path);
        message = 'Read credentials from the environment';
      }
      if (c % secretEvery === secretEvery >> 1) {
        const path = dice.pick(hosts);
        const file = files.get(path);
        const secretKind = SECRET_KINDS[manifest.secrets.length % SECRET_KINDS.length];
        if (file && secretKind) {
          const token = secretKind.make(new FakeTokens(childSeed(seed, 2_000_000 + c)));
          const line = secretLine(file.kind, secretKind, token, dice);
          file.text = insertLine(file.text, dice, line);
          changed.add(path);
          manifest.secrets.push({ commit: c, path, kind: secretKind.kind, token });
          removals.set(c + SECRET_LIFETIME, { path, line });
          message = 'Quick fix to get the sweep running';
        }
      }
    }
    stream.push(commitRecord(c, message, [...changed].map((path) => [path, files.get(path)?.text ?? ''])));
  }
  const imported = spawnSync('git', ['fast-import', '--quiet'], { cwd: root, input: Buffer.concat(stream), maxBuffer: 64 * 1024 * 1024 });
  if (imported.status !== 0) throw new Error(`git fast-import failed: ${imported.stderr.toString().trim()}`);
  git(root, ['reset', '-q', '--hard', 'main']);
  writeFileSync(manifestPath(root), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** The cached history for these parameters under bench/corpus/, generated on first use. */
export function ensureHistory({ commits, seed = DEFAULT_SEED }) {
  const dir = join(CORPUS_ROOT, `history-${commits}c-${seed}`);
  if (existsSync(manifestPath(dir)) && existsSync(join(dir, '.git'))) {
    const manifest = JSON.parse(readFileSync(manifestPath(dir), 'utf8'));
    if (manifest.version === GENERATOR_VERSION && manifest.commits === commits && manifest.seed === seed) return { dir, manifest, reused: true };
  }
  return { dir, manifest: generateHistory({ dir, commits, seed }), reused: false };
}

function editLines(text, dice, added) {
  const lines = text.split('\n');
  const at = dice.int(lines.length);
  lines.splice(at, dice.int(4), ...added);
  return lines.join('\n');
}

function insertLine(text, dice, line) {
  const lines = text.split('\n');
  lines.splice(dice.between(1, Math.max(1, lines.length - 1)), 0, line);
  return lines.join('\n');
}

function commitRecord(index, message, changes) {
  const when = 1_700_000_000 + index * 3600;
  const parts = [
    `commit refs/heads/main\nmark :${index + 1}\n`,
    `author Bench Author <bench@example.invalid> ${when} +0000\n`,
    `committer Bench Author <bench@example.invalid> ${when} +0000\n`,
    data(`${message}\n`),
  ];
  for (const [path, text] of changes) parts.push(`M 100644 inline ${path}\n`, data(text));
  parts.push('\n');
  return Buffer.from(parts.join(''));
}

function data(text) {
  return `data ${Buffer.byteLength(text)}\n${text}\n`;
}

function git(cwd, args) {
  const result = spawnSync('git', args, { cwd, env: { ...process.env, GIT_DIR: join(cwd, '.git'), GIT_WORK_TREE: cwd } });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr.toString().trim()}`);
}
