// Typed handles on the benchmark's plain-ESM modules (bench/ is .mjs, run without a build step).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../support/cli.js';

export interface SeededSecret {
  path: string;
  line: number;
  kind: string;
  token: string;
}

export interface TreeManifest {
  files: number;
  bytes: number;
  digest: string;
  secrets: SeededSecret[];
}

export interface HistoryManifest {
  commits: number;
  secrets: { commit: number; path: string; kind: string; token: string }[];
}

export interface CorpusModule {
  generateTree(options: { dir: string; files: number; sizeBytes: number; secrets?: number; seed?: number }): TreeManifest;
  parseSize(text: string): number;
  manifestPath(dir: string): string;
}

export interface HistoryModule {
  generateHistory(options: { dir: string; commits: number; seed?: number; baseFiles?: number; baseBytes?: number; secretEvery?: number }): HistoryManifest;
}

export interface PeersModule {
  stripLookarounds(source: string): string;
  ripgrepCount(stdout: string): number;
  secretlintCount(stdout: string): number;
}

export interface SecretsModule {
  SECRET_KINDS: { kind: string }[];
}

async function load<T>(relative: string): Promise<T> {
  return (await import(pathToFileURL(join(REPO_ROOT, 'bench', relative)).href)) as T;
}

export const corpusModule = (): Promise<CorpusModule> => load('corpus.mjs');
export const historyModule = (): Promise<HistoryModule> => load('history.mjs');
export const peersModule = (): Promise<PeersModule> => load('lib/peers.mjs');
export const secretsModule = (): Promise<SecretsModule> => load('lib/secrets.mjs');
