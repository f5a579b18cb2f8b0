/**
 * What kind of content a file holds and how to turn its bytes into text, without touching the
 * file system. Kept apart from files.ts so the staged scan (the pre-commit hook) can use it
 * without loading the walker.
 *
 * The decision is by kind first and by content second: a NUL byte does not make a `.py` binary
 * (it is still code a credential can sit in), and a binary extension does not make a file binary
 * when its bytes are plain text. Only a file of binary or unknown kind with NUL bytes is skipped.
 */

import type { ScanNote } from '../types/index.js';

// Extensions that are never text worth scanning; skipping them avoids reading model weights.
const BINARY_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'bmp', 'ico', 'webp', 'tif', 'tiff', 'pdf', 'zip', 'gz', 'tgz', 'bz2', 'xz',
  '7z', 'tar', 'rar', 'whl', 'so', 'dylib', 'dll', 'exe', 'o', 'a', 'class', 'jar', 'pyc', 'pyo',
  'pt', 'pth', 'bin', 'safetensors', 'ckpt', 'onnx', 'h5', 'hdf5', 'npy', 'npz', 'pkl', 'pickle',
  'parquet', 'arrow', 'feather', 'tfrecord', 'mp3', 'mp4', 'wav', 'flac', 'ogg', 'mov', 'avi', 'mkv',
  'woff', 'woff2', 'ttf', 'otf', 'eot', 'sqlite', 'db', 'gguf', 'msgpack',
]);

// Source, config and document kinds: always scanned as text, whatever bytes they hold.
const TEXT_EXTENSIONS = new Set([
  'py', 'pyi', 'pyw', 'ipynb', 'js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx', 'json', 'jsonc', 'json5',
  'jsonl', 'ndjson', 'yaml', 'yml', 'toml', 'ini', 'cfg', 'conf', 'config', 'env', 'properties', 'sh',
  'bash', 'zsh', 'fish', 'ps1', 'psm1', 'psd1', 'bat', 'cmd', 'md', 'markdown', 'rst', 'txt', 'text',
  'log', 'csv', 'tsv', 'html', 'htm', 'xml', 'svg', 'r', 'rmd', 'jl', 'rb', 'go', 'rs', 'java', 'kt',
  'kts', 'scala', 'groovy', 'gradle', 'c', 'h', 'cc', 'cpp', 'cxx', 'hpp', 'cs', 'fs', 'swift', 'm',
  'php', 'pl', 'pm', 'lua', 'sql', 'tf', 'tfvars', 'hcl', 'dockerfile', 'mk', 'cmake', 'vue', 'svelte',
  'tex', 'bib', 'sbt', 'dart', 'ex', 'exs', 'erl', 'hs', 'clj', 'nix', 'proto', 'graphql', 'gql',
  'example', 'sample', 'template', 'tpl', 'j2', 'jinja', 'netrc', 'npmrc', 'pypirc', 'pem', 'key',
]);

// Extension-less names that are text by convention.
const TEXT_NAMES = /^(?:dockerfile|containerfile|makefile|gnumakefile|procfile|jenkinsfile|vagrantfile|gemfile|rakefile|justfile|readme|license|\.env(?:\..+)?|\.netrc|\.npmrc|\.pypirc|\.bashrc|\.zshrc|\.profile|\.gitconfig|\.git-credentials|credentials|config)$/i;

function extensionOf(path: string): string | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : undefined;
}

export function hasBinaryExtension(path: string): boolean {
  const extension = extensionOf(path);
  return extension !== undefined && BINARY_EXTENSIONS.has(extension);
}

/** A kind that is text by name: scanned even with NUL bytes in it. */
export function isTextKind(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const extension = extensionOf(path);
  return (extension !== undefined && TEXT_EXTENSIONS.has(extension)) || TEXT_NAMES.test(name);
}

// Notebooks are read up to this much, then judged by their size without image outputs.
const NOTEBOOK_READ_LIMIT = 64 * 1024 * 1024;

export function isNotebook(path: string): boolean {
  return path.toLowerCase().endsWith('.ipynb');
}

/** How many bytes of a file a scan reads before calling it too large. */
export function readLimitFor(path: string, maxFileSize: number): number {
  return isNotebook(path) ? Math.max(maxFileSize, NOTEBOOK_READ_LIMIT) : maxFileSize;
}

/** Binary content, as git decides it: a NUL byte in the first 8 KiB. */
export function isBinaryBuffer(buffer: Buffer): boolean {
  return buffer.subarray(0, 8192).includes(0);
}

export type Encoding = 'utf8' | 'utf16le' | 'utf16be' | 'utf32le' | 'utf32be';

/** The encoding a byte-order mark announces; UTF-8 (BOM or not) otherwise. */
export function detectEncoding(buffer: Buffer): { encoding: Encoding; bomLength: number } {
  const [a, b, c, d] = buffer;
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return { encoding: 'utf32le', bomLength: 4 };
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return { encoding: 'utf32be', bomLength: 4 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf16le', bomLength: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf16be', bomLength: 2 };
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf8', bomLength: 3 };
  return { encoding: 'utf8', bomLength: 0 };
}

/** Decodes by the BOM; invalid sequences become U+FFFD rather than failing. */
export function decodeText(buffer: Buffer): string {
  const { encoding, bomLength } = detectEncoding(buffer);
  const body = buffer.subarray(bomLength);
  if (encoding === 'utf8') return body.toString('utf8');
  if (encoding === 'utf16le') return new TextDecoder('utf-16le').decode(body);
  if (encoding === 'utf16be') return new TextDecoder('utf-16be').decode(body);
  return decodeUtf32(body, encoding === 'utf32le');
}

// TextDecoder has no UTF-32 (the Encoding Standard leaves it out), so it is decoded by hand.
function decodeUtf32(body: Buffer, littleEndian: boolean): string {
  const parts: string[] = [];
  const chunk: number[] = [];
  for (let at = 0; at + 4 <= body.length; at += 4) {
    const point = littleEndian ? body.readUInt32LE(at) : body.readUInt32BE(at);
    chunk.push(point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff) ? 0xfffd : point);
    if (chunk.length === 4096) parts.push(String.fromCodePoint(...chunk.splice(0)));
  }
  if (chunk.length > 0) parts.push(String.fromCodePoint(...chunk));
  if (body.length % 4 !== 0) parts.push('\ufffd');
  return parts.join('');
}

/** A BOM that announces UTF-16 or UTF-32, whose text is full of NUL bytes by design. */
export function hasWideBom(buffer: Buffer): boolean {
  return detectEncoding(buffer).encoding !== 'utf8';
}

/**
 * The text to scan, or undefined when the content is binary: NUL bytes in a file that is not a
 * text kind and has no UTF-16/32 byte-order mark. `path` decides the kind.
 */
export function textToScan(buffer: Buffer, path: string): string | undefined {
  if (!hasWideBom(buffer) && isBinaryBuffer(buffer) && !isTextKind(path)) return undefined;
  return decodeText(buffer);
}

/**
 * UTF-8 text for readers that write files back (migrate) or parse them (check): undefined for
 * NUL-bearing content, so a file in another encoding is never rewritten as UTF-8. A BOM is dropped.
 */
export function bufferToText(buffer: Buffer): string | undefined {
  if (isBinaryBuffer(buffer)) return undefined;
  const text = buffer.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

// The spec's pointer (github.com/git-lfs/git-lfs docs/spec.md): `version` first, then `oid`
// and `size`, LF line ends, and nothing else. Anything more is a file that merely starts like one.
const LFS_POINTER = /^version https:\/\/git-lfs\.github\.com\/spec\/v1\noid sha256:[0-9a-f]{64}\nsize [0-9]{1,20}\n?$/;

/** A Git LFS pointer, exactly as the spec writes it: the real content lives on the LFS server. */
export function isLfsPointer(text: string): boolean {
  return text.length < 200 && LFS_POINTER.test(text);
}

/**
 * The note for a file over the size limit, from the walk's `lstat` or the reader's `fstat`. A
 * binary extension is not proof (a text file may be named .bin); above the limit the extension
 * decides, below it the reader looks at the bytes.
 */
export function oversizedNote(path: string, size: number, maxFileSize: number): ScanNote {
  return { path, reason: hasBinaryExtension(path) ? 'binary' : 'too-large', detail: `${size} bytes, maxFileSize is ${maxFileSize}` };
}
