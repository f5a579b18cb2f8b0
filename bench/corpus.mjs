#!/usr/bin/env node
// Deterministic benchmark corpus: an ML-repository-shaped tree with a known set of fake secrets,
// and git histories built with `git fast-import`. Same seed, same bytes, on every machine.
//
//   node bench/corpus.mjs tree    [--size 200MB] [--files 20000] [--secrets N] [--seed N] [--out DIR]
//   node bench/corpus.mjs history [--commits 2000] [--seed N] [--out DIR]
//
// Without --out, output lands in bench/corpus/ (gitignored) under a name made of the parameters,
// and an existing complete corpus with the same parameters is reused.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CORPUS_ROOT, DEFAULT_SEED, GENERATOR_VERSION, manifestPath } from './lib/common.mjs';
import { planTree, renderFile } from './lib/tree.mjs';

export { CORPUS_ROOT, DEFAULT_SEED, GENERATOR_VERSION, manifestPath };

/** "200MB", "50mb", "1.5GB", "4096" → bytes. @param {string | number} text */
export function parseSize(text) {
  if (typeof text === 'number') return text;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?\s*$/i.exec(text);
  if (!match) throw new Error(`corpus: cannot read size "${text}" (try 200MB)`);
  const unit = (match[2] ?? 'b').toLowerCase()[0];
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.round(Number(match[1]) * factor);
}

/** One secret every 200 files, at least one. @param {number} files */
export function defaultSecrets(files) {
  return Math.max(1, Math.round(files / 200));
}

/**
 * @typedef {{ version: number, kind: 'tree', seed: number, files: number, bytes: number, requestedBytes: number,
 *   digest: string, secrets: { path: string, line: number, kind: string, token: string }[] }} TreeManifest
 */

/**
 * Writes the tree and its manifest (last, so a half-written tree is never reused).
 * @param {{ dir: string, files: number, sizeBytes: number, secrets?: number, seed?: number }} options
 * @returns {TreeManifest}
 */
export function generateTree({ dir, files, sizeBytes, secrets = defaultSecrets(files), seed = DEFAULT_SEED }) {
  const root = resolve(dir);
  rmSync(manifestPath(root), { force: true });
  rmSync(root, { recursive: true, force: true });
  const digest = createHash('sha256');
  const manifest = { version: GENERATOR_VERSION, kind: 'tree', seed, files: 0, bytes: 0, requestedBytes: sizeBytes, digest: '', secrets: [] };
  const made = new Set();
  for (const file of planTree({ files, sizeBytes, secrets, seed })) {
    const { text, secret } = renderFile(file, seed);
    const absolute = join(root, file.path);
    const parent = dirname(absolute);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    writeFileSync(absolute, text);
    digest.update(file.path).update('\0').update(text).update('\0');
    manifest.files++;
    manifest.bytes += Buffer.byteLength(text);
    if (secret) manifest.secrets.push({ path: file.path, line: secret.line, kind: secret.kind, token: secret.token });
  }
  manifest.digest = digest.digest('hex');
  writeFileSync(manifestPath(root), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** @param {string} dir @returns {TreeManifest | undefined} */
export function readManifest(dir) {
  const file = manifestPath(dir);
  if (!existsSync(file) || !existsSync(dir)) return undefined;
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  return manifest.version === GENERATOR_VERSION ? manifest : undefined;
}

/**
 * The cached tree for these parameters under bench/corpus/, generated on first use.
 * @param {{ files: number, sizeBytes: number, secrets?: number, seed?: number, name?: string }} options
 */
export function ensureTree(options) {
  const secrets = options.secrets ?? defaultSecrets(options.files);
  const seed = options.seed ?? DEFAULT_SEED;
  const mb = Math.round(options.sizeBytes / 1024 / 1024);
  const dir = join(CORPUS_ROOT, options.name ?? `tree-${mb}mb-${options.files}f-${secrets}s-${seed}`);
  const cached = readManifest(dir);
  if (cached && cached.seed === seed && cached.files === options.files && cached.requestedBytes === options.sizeBytes && cached.secrets.length === secrets) {
    return { dir, manifest: cached, reused: true };
  }
  return { dir, manifest: generateTree({ ...options, dir, secrets, seed }), reused: false };
}

async function cli(argv) {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      size: { type: 'string' },
      files: { type: 'string' },
      secrets: { type: 'string' },
      seed: { type: 'string' },
      commits: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const seed = values.seed ? Number(values.seed) : DEFAULT_SEED;
  if (command === 'tree') {
    const files = Number(values.files ?? 20_000);
    const sizeBytes = parseSize(values.size ?? '200MB');
    const secrets = values.secrets ? Number(values.secrets) : undefined;
    const started = performance.now();
    const result = values.out
      ? { dir: resolve(values.out), manifest: generateTree({ dir: values.out, files, sizeBytes, secrets, seed }), reused: false }
      : ensureTree({ files, sizeBytes, secrets, seed });
    const { manifest } = result;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`${result.reused ? 'reused' : `wrote in ${seconds} s`}: ${result.dir}: ${manifest.files} files, ${(manifest.bytes / 1024 / 1024).toFixed(1)} MB, ${manifest.secrets.length} seeded secrets`);
    return 0;
  }
  if (command === 'history') {
    const { ensureHistory, generateHistory } = await import('./history.mjs');
    const commits = Number(values.commits ?? 2000);
    const result = values.out ? { dir: resolve(values.out), manifest: generateHistory({ dir: values.out, commits, seed }) } : ensureHistory({ commits, seed });
    console.log(`${result.dir}: ${result.manifest.commits} commits, ${result.manifest.secrets.length} secrets introduced`);
    return 0;
  }
  console.error('usage: node bench/corpus.mjs tree|history [--size 200MB] [--files N] [--secrets N] [--commits N] [--seed N] [--out DIR]');
  return 2;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = await cli(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  }
}
