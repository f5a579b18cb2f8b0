import { isAscii } from 'node:buffer';
import type { ScanNote } from '../types/index.js';
import type { CompiledRules } from '../scanner/index.js';
import { candidatesInBytes, notebookTextSize, scanFragment } from '../scanner/index.js';
import { decodeText, hasBinaryExtension, hasWideBom, isBinaryBuffer, isNotebook, isTextKind, readLimitFor } from '../sources/file-kinds.js';
import { readRegularFile, type SafeRead } from '../util/safe-read.js';
import type { WorkerReply, WorkerTask } from './protocol.js';

/** Reads and scans one batch; shared by the in-process path and the worker threads. */
export function scanFileBatch(task: WorkerTask, compiled: CompiledRules, allowValues: ReadonlySet<string>, maxFileSize: number): WorkerReply {
  const reply: WorkerReply = { id: task.id, findings: [], files: 0, bytes: 0, notes: [] };
  for (const file of task.files) {
    const probe = hasBinaryExtension(file.path) && !isTextKind(file.path);
    const read = readRegularFile(file.absolute, readLimitFor(file.path, maxFileSize), probe);
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
    if (buffer.length > maxFileSize) {
      // Only notebooks are read past the limit: their size is mostly image outputs, which are
      // never scanned, so the limit applies to what is left.
      const size = notebookTextSize(decodeText(buffer));
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
    const candidates = wide || isNotebook(file.path) ? undefined : candidatesInBytes(buffer, compiled);
    if (candidates?.rules.length === 0) continue;
    // Pure ASCII decodes as Latin-1 to the same string, by a plain copy instead of UTF-8 decoding.
    const ascii = candidates ? candidates.ascii : !wide && isAscii(buffer);
    const text = ascii ? buffer.toString('latin1') : decodeText(buffer);
    const options = candidates ? { allowValues, candidates: candidates.rules, notes: reply.notes } : { allowValues, notes: reply.notes };
    for (const finding of scanFragment({ path: file.path, text }, compiled, options)) reply.findings.push(finding);
  }
  return reply;
}

function readNote(path: string, read: Exclude<SafeRead, { kind: 'ok' | 'binary' }>, maxFileSize: number): ScanNote {
  if (read.kind === 'not-regular') return { path, reason: 'special-file' };
  if (read.kind === 'too-large') return { path, reason: 'too-large', detail: `${read.size} bytes, maxFileSize is ${maxFileSize}` };
  return { path, reason: 'unreadable', detail: read.code };
}
