import { isAscii } from 'node:buffer';
import type { ScanNote } from '../types/index.js';
import type { CompiledRules } from '../scanner/index.js';
import { candidatesInBytes, nothingToSearch, notebookTextSize, scanFragment } from '../scanner/index.js';
import { withoutImageBytes } from '../scanner/notebook-bytes.js';
import { mayConcatenate } from '../scanner/split-literals.js';
import { LARGE_TEXT, mayHit } from '../scanner/windows.js';
import { decodeText, detectEncoding, hasBinaryExtension, hasWideBom, isBinaryBuffer, isNotebook, isTextKind, oversizedNote, readLimitFor } from '../sources/file-kinds.js';
import { ReadBuffer, readRegularFile, type SafeRead } from '../util/safe-read.js';
import type { WorkerReply, WorkerTask } from './protocol.js';

// One per thread (each worker has its own module instance). Nothing below keeps a view of it past
// its file: the scanner gets decoded strings, and notes and findings hold strings and numbers.
const readBuffer = new ReadBuffer();

/** Reads and scans one batch; shared by the in-process path and the worker threads. */
export function scanFileBatch(task: WorkerTask, compiled: CompiledRules, allowValues: ReadonlySet<string>, maxFileSize: number): WorkerReply {
  const reply: WorkerReply = { id: task.id, findings: [], files: 0, bytes: 0, notes: [] };
  for (const file of task.files) {
    const probe = hasBinaryExtension(file.path) && !isTextKind(file.path);
    const read = readRegularFile(file.absolute, readLimitFor(file.path, maxFileSize), probe, readBuffer);
    if (read.kind === 'binary') {
      reply.notes.push({ path: file.path, reason: 'binary' });
      continue;
    }
    if (read.kind !== 'ok') {
      reply.notes.push(readNote(file.path, read, maxFileSize));
      continue;
    }
    const buffer = read.data;
    // UTF-16/32 with a BOM is text full of NUL bytes by design; NUL-bearing code is still code.
    const wide = hasWideBom(buffer);
    if (!wide && !isTextKind(file.path) && isBinaryBuffer(buffer)) {
      reply.notes.push({ path: file.path, reason: 'binary' });
      continue;
    }
    // A UTF-8 notebook is decoded without its images first (notebook-bytes.ts): its full text is
    // only needed to place a hit.
    const notebook = !wide && isNotebook(file.path) ? withoutImages(buffer) : undefined;
    if (buffer.length > maxFileSize) {
      // Only notebooks are read past the limit: their size is mostly image outputs, which are
      // never scanned, so the limit applies to what is left.
      const size = notebook ? notebookTextSize(notebook.text, true) : notebookTextSize(decodeText(buffer));
      if (size === undefined || size > maxFileSize) {
        const what = size === undefined ? `${buffer.length} bytes` : `${size} bytes of text without image outputs`;
        reply.notes.push({ path: file.path, reason: 'too-large', detail: `${what}, maxFileSize is ${maxFileSize}` });
        continue;
      }
    }
    reply.files++;
    reply.bytes += buffer.length;
    // The keyword prefilter runs on the raw bytes: a file without any keyword is never decoded.
    // UTF-16/32 bytes hold no ASCII keyword as such, so those are decoded first. Notebooks skip
    // it: the scanner prefilters each cell's text after parsing anyway, and a pass over the raw
    // JSON would mostly read base64 images (a third of the dense bench tree's bytes).
    // The scanner takes a file as a notebook by its exact `.ipynb` ending; others scan raw text.
    if (notebook && file.path.endsWith('.ipynb')) {
      let raw = notebook.whole ? notebook.text : undefined;
      // Read, if at all, within this call: the buffer is reused for the next file.
      const fragment = { path: file.path, get text(): string { return (raw ??= decodeText(buffer)); } };
      const options = { allowValues, notes: reply.notes, notebookWithoutImages: notebook.text };
      for (const finding of scanFragment(fragment, compiled, options)) reply.findings.push(finding);
      continue;
    }
    const candidates = wide || isNotebook(file.path) ? undefined : candidatesInBytes(buffer, compiled);
    if (candidates && nothingToSearch(candidates.rules, file.path)) continue;
    // A large data file is searched in pieces first (windows.ts), and decoded whole only if a rule
    // hits. Files that may join split literals scan whole: their chains come from one pass over
    // the quotes from the start of the file.
    if (candidates && buffer.length > LARGE_TEXT && !mayConcatenate(file.path)) {
      const body = buffer.subarray(detectEncoding(buffer).bomLength);
      if (!mayHit(body, candidates.rules, { ascii: candidates.ascii })) continue;
    }
    // Pure ASCII decodes as Latin-1 to the same string, by a plain copy instead of UTF-8 decoding.
    const ascii = candidates ? candidates.ascii : !wide && isAscii(buffer);
    const text = ascii ? buffer.toString('latin1') : decodeText(buffer);
    const options = candidates ? { allowValues, candidates: candidates.rules, notes: reply.notes } : { allowValues, notes: reply.notes };
    for (const finding of scanFragment({ path: file.path, text }, compiled, options)) reply.findings.push(finding);
  }
  return reply;
}

/**
 * A notebook's text with its image values cut out of the bytes (`whole` when it had none, so the
 * text is the file's own). Like decodeText: a UTF-8 BOM is dropped, ASCII decodes as Latin-1.
 */
function withoutImages(buffer: Buffer): { text: string; whole: boolean } {
  const body = buffer.subarray(detectEncoding(buffer).bomLength);
  const stripped = withoutImageBytes(body);
  const text = isAscii(stripped) ? stripped.toString('latin1') : stripped.toString('utf8');
  return { text, whole: stripped === body };
}

function readNote(path: string, read: Exclude<SafeRead, { kind: 'ok' | 'binary' }>, maxFileSize: number): ScanNote {
  if (read.kind === 'not-regular') return { path, reason: 'special-file' };
  // The walk sizes only a sample of a large tree (files.ts `sizing`): the note it would have made.
  if (read.kind === 'too-large') return oversizedNote(path, read.size, maxFileSize);
  return { path, reason: 'unreadable', detail: read.code };
}
