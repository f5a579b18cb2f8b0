// Mid-size git histories with merges, for `scan --history` against `git log -p --all`: an ML
// repository on main, with a side branch forked every MERGE_EVERY commits that gets a few commits
// of its own (main keeps moving meanwhile, on other files) and is merged back. Credentials are
// committed on main and removed a few commits later, committed on side branches and removed
// there before the merge, and now and then typed into a merge commit itself (an "evil merge":
// in neither parent, visible only to --remerge-diff). One `git fast-import` stream builds it.
// Cached under bench/.cache/histories/ (GENERATOR_VERSION and the parameters name the cache).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeTokens } from '../dist/src/util/fake-tokens.js';
import { DEFAULT_SEED, GENERATOR_VERSION } from './lib/common.mjs';
import { snippet } from './lib/content.mjs';
import { CACHE_DIR } from './lib/peers.mjs';
import { Dice, childSeed } from './lib/random.mjs';
import { SECRET_KINDS, secretLine } from './lib/secrets.mjs';
import { planTree, renderFile } from './lib/tree.mjs';

const EDITABLE = new Set(['py', 'yaml', 'md', 'sh', 'sbatch', 'toml', 'txt']);
const SECRET_HOSTS = new Set(['py', 'yaml', 'sh']);
const MERGE_EVERY = 25;
const SIDE_COMMITS = 3;
const SECRET_EVERY = 40;
const SECRET_LIFETIME = 7;
const EVIL_MERGE_EVERY = 4;

/**
 * @typedef {{ version: number, kind: 'history-merges', seed: number, commits: number, merges: number,
 *   secrets: { commit: number, path: string, kind: string, token: string, where: string }[] }} MergeHistoryManifest
 */

/** @param {{ commits: number, seed?: number }} options */
export function ensureMergeHistory({ commits, seed = DEFAULT_SEED }) {
  const dir = join(CACHE_DIR, 'histories', `merges-${commits}c-${seed}-v${GENERATOR_VERSION}`);
  const manifestFile = `${dir}.manifest.json`;
  if (existsSync(manifestFile) && existsSync(join(dir, '.git'))) {
    return { dir, manifest: JSON.parse(readFileSync(manifestFile, 'utf8')), reused: true };
  }
  const manifest = generateMergeHistory({ dir, commits, seed });
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir, manifest, reused: false };
}

/** @param {{ dir: string, commits: number, seed: number }} options @returns {MergeHistoryManifest} */
export function generateMergeHistory({ dir, commits, seed }) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'main']);
  const base = planTree({ files: 300, sizeBytes: 2 * 1024 * 1024, secrets: 0, seed: childSeed(seed, 91) });
  /** @type {Map<string, string>} */
  const main = new Map(base.map((file) => [file.path, renderFile(file, childSeed(seed, 91)).text]));
  const editable = base.filter((file) => EDITABLE.has(file.kind)).map((file) => file.path);
  const hosts = base.filter((file) => SECRET_HOSTS.has(file.kind)).map((file) => file.path);
  // While a side branch is open, it edits only the even half of the files and main the odd half,
  // so every merge is clean and its tree is main's plus the side's files.
  const half = (paths, parity) => paths.filter((_, index) => index % 2 === parity);
  const manifest = { version: GENERATOR_VERSION, kind: 'history-merges', seed, commits, merges: 0, secrets: [] };
  const stream = [];
  let mark = 0;
  let mainTip = 0;
  /** @type {{ name: string, files: Map<string, string>, tip: number, done: number, touched: Set<string>, pending?: { path: string, line: string } } | undefined} */
  let side;
  /** @type {{ at: number, path: string, line: string }[]} */
  let removals = [];
  let mainCommits = 0;
  const tokens = (n) => new FakeTokens(childSeed(seed, 3_000_000 + n));
  const plant = (files, paths, dice, c, where) => {
    const path = dice.pick(paths);
    const kind = SECRET_KINDS[manifest.secrets.length % SECRET_KINDS.length];
    const token = kind.make(tokens(c));
    const line = secretLine(path.slice(path.lastIndexOf('.') + 1), kind, token, dice);
    files.set(path, insertLine(files.get(path) ?? '', dice, line));
    manifest.secrets.push({ commit: c, path, kind: kind.kind, token, where });
    return { path, line };
  };

  for (let c = 0; c < commits; c++) {
    const dice = new Dice(childSeed(seed, 7_000_000 + c));
    const when = 1_700_000_000 + c * 1800;
    if (c === 0) {
      stream.push(record({ ref: 'main', mark: ++mark, when, message: 'Initial import', changes: [...main] }));
      mainTip = mark;
      mainCommits++;
      continue;
    }
    if (!side && c % MERGE_EVERY === 0) side = { name: `side-${c / MERGE_EVERY}`, files: new Map(main), tip: mainTip, done: 0, touched: new Set(), pending: undefined };
    const onSide = side !== undefined && side.done < SIDE_COMMITS && c % 2 === 1;
    if (onSide && side) {
      const paths = half(editable, 0);
      const changed = new Set();
      for (let n = dice.between(1, 2); n > 0; n--) {
        const path = dice.pick(paths);
        side.files.set(path, editLines(side.files.get(path) ?? '', dice, snippet(path.slice(path.lastIndexOf('.') + 1), dice)));
        changed.add(path);
      }
      // A credential committed on the branch and taken out again before the merge.
      if (side.done === 0 && Number(side.name.slice(5)) % 2 === 0) {
        const planted = plant(side.files, half(hosts, 0), dice, c, 'side branch');
        changed.add(planted.path);
        side.pending = planted;
      } else if (side.pending && side.done === SIDE_COMMITS - 1) {
        side.files.set(side.pending.path, (side.files.get(side.pending.path) ?? '').replace(`${side.pending.line}\n`, ''));
        changed.add(side.pending.path);
        side.pending = undefined;
      }
      for (const path of changed) side.touched.add(path);
      stream.push(record({ ref: side.name, mark: ++mark, from: side.tip, when, message: `wip: ${dice.pick(['tokenizer', 'sweep', 'loader'])} experiment`, changes: [...changed].map((path) => [path, side.files.get(path) ?? '']) }));
      side.tip = mark;
      side.done++;
      continue;
    }
    const changed = new Set();
    let message = `${dice.pick(['train', 'data', 'eval', 'configs', 'docs'])}: ${dice.pick(['tweak', 'fix', 'add', 'tune'])} ${dice.pick(['lr schedule', 'loader', 'logging', 'readme', 'deps'])}`;
    let merge;
    if (side && side.done >= SIDE_COMMITS) {
      // The merge: main's tree plus the branch's files.
      for (const path of side.touched) {
        main.set(path, side.files.get(path) ?? '');
        changed.add(path);
      }
      merge = side.tip;
      manifest.merges++;
      message = `Merge branch '${side.name}'`;
      if (manifest.merges % EVIL_MERGE_EVERY === 0) {
        const planted = plant(main, half(hosts, 1), dice, c, 'merge commit');
        changed.add(planted.path);
        removals.push({ at: mainCommits + SECRET_LIFETIME, ...planted });
      }
      side = undefined;
    } else {
      const paths = side ? half(editable, 1) : editable;
      for (let n = dice.between(1, 3); n > 0; n--) {
        const path = dice.pick(paths);
        main.set(path, editLines(main.get(path) ?? '', dice, snippet(path.slice(path.lastIndexOf('.') + 1), dice)));
        changed.add(path);
      }
      if (c % SECRET_EVERY === SECRET_EVERY >> 1) {
        const planted = plant(main, half(hosts, 1), dice, c, 'main');
        changed.add(planted.path);
        removals.push({ at: mainCommits + SECRET_LIFETIME, ...planted });
        message = 'Quick fix to get the sweep running';
      }
    }
    for (const removal of removals.filter((r) => r.at <= mainCommits)) {
      main.set(removal.path, (main.get(removal.path) ?? '').replace(`${removal.line}\n`, ''));
      changed.add(removal.path);
    }
    removals = removals.filter((r) => r.at > mainCommits);
    stream.push(record({ ref: 'main', mark: ++mark, from: mainTip, merge, when, message, changes: [...changed].map((path) => [path, main.get(path) ?? '']) }));
    mainTip = mark;
    mainCommits++;
  }
  const imported = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, input: Buffer.concat(stream), maxBuffer: 64 * 1024 * 1024, env: gitEnv(dir) });
  if (imported.status !== 0) throw new Error(`git fast-import failed: ${imported.stderr.toString().trim()}`);
  // Side branches stay as refs, as unmerged and merged branches do in real clones.
  git(dir, ['reset', '-q', '--hard', 'main']);
  return manifest;
}

function editLines(text, dice, added) {
  const lines = text.split('\n');
  lines.splice(dice.int(lines.length), dice.int(4), ...added);
  return lines.join('\n');
}

function insertLine(text, dice, line) {
  const lines = text.split('\n');
  lines.splice(dice.between(1, Math.max(1, lines.length - 1)), 0, line);
  return lines.join('\n');
}

function record({ ref, mark, from, merge, when, message, changes }) {
  const parts = [
    `commit refs/heads/${ref}\nmark :${mark}\n`,
    `author Bench Author <bench@example.invalid> ${when} +0000\n`,
    `committer Bench Author <bench@example.invalid> ${when} +0000\n`,
    data(`${message}\n`),
  ];
  if (from) parts.push(`from :${from}\n`);
  if (merge) parts.push(`merge :${merge}\n`);
  for (const [path, text] of changes) parts.push(`M 100644 inline ${path}\n`, data(text));
  parts.push('\n');
  return Buffer.from(parts.join(''));
}

function data(text) {
  return `data ${Buffer.byteLength(text)}\n${text}\n`;
}

function gitEnv(dir) {
  return { ...process.env, GIT_DIR: join(dir, '.git'), GIT_WORK_TREE: dir, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
}

function git(dir, args) {
  const result = spawnSync('git', args, { cwd: dir, env: gitEnv(dir) });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr.toString().trim()}`);
}
