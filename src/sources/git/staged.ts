import type { Fragment, ScanNote } from '../../types/index.js';
import { hasBinaryExtension, readLimitFor, textToScan } from '../file-kinds.js';
import { notebookTextSize } from '../../scanner/notebook.js';
import { readBlobs, type BlobContent } from './cat-file.js';
import { STABLE_PATCH_ARGS, configArgs, gitOutput } from '../../git/process.js';
import { PatchParser, patchPath, type FilePatch, type PatchLine } from './patch.js';
import { GITLINK_MODE, SYMLINK_MODE, parseRawSection, type RawChange } from './raw-diff.js';
import { isLfsPointer, joinLines } from './text.js';
import { lazyCrypto } from '../../util/lazy-builtins.js';
import { guessWorkTreeRoot, readBlobsFromWorkTree, type WantedBlob } from './worktree-blobs.js';

export interface StagedOptions {
  cwd: string;
  /** Restrict to these paths (lint-staged and the pre-commit framework pass file names). */
  paths: readonly string[];
  maxFileSize: number;
  isIgnored: (path: string) => boolean;
}

/** One staged blob to scan: the whole file for context, with the lines this commit adds. */
export interface StagedFile {
  fragment: Fragment;
  /** Source path when git saw a rename, so a baseline entry made before the move still applies. */
  renamedFrom?: string;
  bytes: number;
}

/** Lines the commit removes: their secrets stay in history, which the hook should say. */
export interface StagedRemoval {
  /** The removed lines joined; `lineMap[i]` is the old-file line of line i + 1. */
  fragment: Fragment;
  lineMap: number[];
  /** The file as it will be committed, to tell a moved secret from a removed one. */
  remaining?: string;
}

export interface StagedSnapshot {
  files: StagedFile[];
  removals: StagedRemoval[];
  notes: ScanNote[];
  /** Staged files before config `ignorePaths`, and how many of them it dropped. */
  candidates: number;
  ignoredByConfig: number;
}

/**
 * What the next commit will contain, from the index: one `git diff --cached` for the changed paths
 * and their added lines, then the staged blobs, from the work tree where a file there is byte for
 * byte the staged blob (worktree-blobs.ts) and from one `git cat-file --batch` otherwise.
 * With no HEAD yet, git diffs the index against the empty tree, so the first commit needs no case.
 */
export async function readStaged(options: StagedOptions): Promise<StagedSnapshot> {
  const diff = gitOutput(options.cwd, stagedDiffArgs(options), 'scan --staged');
  // node:crypto (5–8 ms to load) hashes the blobs read from the work tree; loading it now fills
  // time this process would otherwise spend waiting for git.
  lazyCrypto();
  const output = await diff;
  const { changes, patchStart } = parseRawSection(output);
  const patches = groupByPath(parsePatches(output, patchStart));
  const snapshot: StagedSnapshot = { files: [], removals: [], notes: [], candidates: 0, ignoredByConfig: 0 };
  const reads: { change: RawChange; added: PatchLine[]; removed: PatchLine[]; wholeFile: boolean }[] = [];

  for (const change of changes) {
    if (change.status === 'U') {
      snapshot.notes.push({ path: change.path, reason: 'unmerged' });
      continue;
    }
    if (change.status !== 'D' && change.newMode === GITLINK_MODE) {
      snapshot.notes.push({ path: change.path, reason: 'submodule' });
      continue;
    }
    if (change.status !== 'D') snapshot.candidates++;
    if (options.isIgnored(change.path)) {
      if (change.status !== 'D') snapshot.ignoredByConfig++;
      continue;
    }
    const sections = patches.get(change.path) ?? [];
    const removed = sections.filter((patch) => !patch.isNew).flatMap((patch) => patch.removed);
    if (change.status === 'D' || change.newMode === SYMLINK_MODE) {
      if (change.status === 'D' && change.oldMode !== GITLINK_MODE) addRemoval(snapshot, change.path, removed);
      continue;
    }
    const created = sections.filter((patch) => !patch.isDeleted);
    const added = created.flatMap((patch) => patch.added);
    // Binary to git: NUL bytes, larger than our limit, or a `binary`/`-diff` attribute on a text
    // file. Git's verdict is never trusted to mean "nothing to scan": the blob is read and its
    // own bytes and kind decide (file-kinds.ts). A change whose patch we could not pair with
    // it is scanned whole too.
    const binary = created.length === 0 || created.some((patch) => patch.binary || patch.truncated);
    if (added.length === 0 && removed.length === 0 && !binary) continue; // rename or mode change only
    reads.push({ change, added, removed, wholeFile: binary });
  }

  const blobs = await readStagedBlobs(options, reads.map(({ change }) => ({ id: change.newBlob, path: change.path, maxBytes: readLimitFor(change.path, options.maxFileSize) })));
  for (const { change, added, removed, wholeFile } of reads) {
    const blob = blobs.get(change.newBlob);
    if (!blob || blob.kind === 'missing') {
      snapshot.notes.push({ path: change.path, reason: 'unreadable', detail: 'its staged blob could not be read' });
      continue;
    }
    if (blob.kind === 'too-large') {
      const reason = hasBinaryExtension(change.path) ? 'binary' : 'too-large';
      snapshot.notes.push({ path: change.path, reason, detail: `${blob.size} bytes, maxFileSize is ${options.maxFileSize}` });
      continue;
    }
    const skip = unscannable(change.path, blob.data, options.maxFileSize);
    if (skip) {
      snapshot.notes.push(skip);
      continue;
    }
    const text = textToScan(blob.data, change.path)!;
    addRemoval(snapshot, change.fromPath ?? change.path, removed, text);
    if (added.length === 0 && !wholeFile) continue;
    const fragment: Fragment = { path: change.path, text, commit: null };
    // Git printed no lines for a file it took as binary, so every line counts.
    if (!wholeFile) fragment.addedLines = new Set(added.map((line) => line.line));
    const file: StagedFile = { fragment, bytes: blob.data.length };
    if (change.status === 'R' && change.fromPath) file.renamedFrom = change.fromPath;
    snapshot.files.push(file);
  }
  return snapshot;
}

/** The work tree's copy where it is byte for byte the staged blob; `git cat-file` for the rest. */
async function readStagedBlobs(options: StagedOptions, wanted: WantedBlob[]): Promise<Map<string, BlobContent>> {
  const blobs = new Map<string, BlobContent>();
  for (const [id, data] of readBlobsFromWorkTree(guessWorkTreeRoot(options.cwd, process.env), wanted)) blobs.set(id, { kind: 'blob', data });
  const rest = wanted.filter((blob) => !blobs.has(blob.id));
  const limits = new Map(rest.map((blob) => [blob.id, blob.maxBytes]));
  const fromGit = await readBlobs(options.cwd, rest.map((blob) => blob.id), (id) => limits.get(id) ?? options.maxFileSize);
  for (const [id, content] of fromGit) blobs.set(id, content);
  return blobs;
}

function stagedDiffArgs(options: StagedOptions): string[] {
  // Names from lint-staged or pre-commit are file names, not globs: `[id].py` means itself.
  const literal = options.paths.length > 0 ? ['--literal-pathspecs'] : [];
  return [
    ...configArgs(options.maxFileSize),
    ...literal,
    'diff',
    '--cached',
    '--raw',
    '-z',
    '--no-abbrev',
    '-p',
    ...STABLE_PATCH_ARGS,
    '--',
    ...options.paths,
  ];
}

function parsePatches(output: Buffer, from: number): FilePatch[] {
  const patches: FilePatch[] = [];
  const parser = new PatchParser({ onFile: (patch) => patches.push(patch), keepRemoved: true });
  parser.write(output.subarray(from));
  parser.end();
  return patches;
}

/**
 * Patches by the path they leave behind. A type change (file ↔ symlink) prints as a deletion
 * plus a creation of the same path, so one raw record can own two patch sections.
 */
function groupByPath(patches: FilePatch[]): Map<string, FilePatch[]> {
  const byPath = new Map<string, FilePatch[]>();
  for (const patch of patches) {
    const path = patchPath(patch);
    if (path === null) continue;
    const list = byPath.get(path);
    if (list) list.push(patch);
    else byPath.set(path, [patch]);
  }
  return byPath;
}

function addRemoval(snapshot: StagedSnapshot, path: string, removed: PatchLine[], remaining?: string): void {
  if (removed.length === 0) return;
  const removal: StagedRemoval = {
    fragment: { path, text: joinLines(removed), commit: null },
    lineMap: removed.map((line) => line.line),
  };
  if (remaining !== undefined) removal.remaining = remaining;
  snapshot.removals.push(removal);
}

/**
 * Why a blob's content cannot be scanned, as a note, or undefined when it can: binary bytes in a
 * file that is not a text kind, a valid LFS pointer, or a notebook whose text (without image
 * outputs) is over the limit. Shared by the staged and the history scans.
 */
export function unscannable(path: string, data: Buffer, maxFileSize: number): ScanNote | undefined {
  const text = textToScan(data, path);
  if (text === undefined) return { path, reason: 'binary' };
  if (isLfsPointer(text)) return { path, reason: 'lfs-pointer' };
  if (data.length > maxFileSize) {
    const size = notebookTextSize(text);
    if (size === undefined || size > maxFileSize) {
      const what = size === undefined ? `${data.length} bytes` : `${size} bytes of text without image outputs`;
      return { path, reason: 'too-large', detail: `${what}, maxFileSize is ${maxFileSize}` };
    }
  }
  return undefined;
}
