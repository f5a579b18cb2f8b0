/**
 * What kind of content a file holds, without touching the file system. Kept apart from files.ts
 * so the staged scan (the pre-commit hook) can use it without loading fast-glob and ignore.
 */

// Extensions that are never text worth scanning; skipping them avoids reading model weights.
const BINARY_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'bmp', 'ico', 'webp', 'tif', 'tiff', 'pdf', 'zip', 'gz', 'tgz', 'bz2', 'xz',
  '7z', 'tar', 'rar', 'whl', 'so', 'dylib', 'dll', 'exe', 'o', 'a', 'class', 'jar', 'pyc', 'pyo',
  'pt', 'pth', 'bin', 'safetensors', 'ckpt', 'onnx', 'h5', 'hdf5', 'npy', 'npz', 'pkl', 'pickle',
  'parquet', 'arrow', 'feather', 'tfrecord', 'mp3', 'mp4', 'wav', 'flac', 'ogg', 'mov', 'avi', 'mkv',
  'woff', 'woff2', 'ttf', 'otf', 'eot', 'sqlite', 'db', 'gguf', 'msgpack',
]);

export function hasBinaryExtension(path: string): boolean {
  const dot = path.lastIndexOf('.');
  return dot !== -1 && BINARY_EXTENSIONS.has(path.slice(dot + 1).toLowerCase());
}

/**
 * Reads a file as text, or undefined for binary content (a NUL byte in the first 8 KiB).
 * Invalid UTF-8 decodes to replacement characters rather than failing; a BOM is dropped.
 */
export function bufferToText(buffer: Buffer): string | undefined {
  if (isBinaryBuffer(buffer)) return undefined;
  const text = buffer.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Binary content, as git decides it: a NUL byte in the first 8 KiB. */
export function isBinaryBuffer(buffer: Buffer): boolean {
  return buffer.subarray(0, 8192).includes(0);
}
