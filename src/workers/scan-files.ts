import type { ScanNote } from '../types/index.js';
import type { CompiledRules } from '../scanner/index.js';
import { activeRulesInBytes, notebookTextSize, scanFragment } from '../scanner/index.js';
import { hasBinaryExtension, hasWideBom, isTextKind, readLimitFor, textToScan } from '../sources/file-kinds.js';
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
    const text = textToScan(buffer, file.path);
    if (text === undefined) {
      reply.notes.push({ path: file.path, reason: 'binary' });
      continue;
    }
    if (buffer.length > maxFileSize) {
      // Only notebooks are read past the limit: their size is mostly image outputs, which are
      // never scanned, so the limit applies to what is left.
      const size = notebookTextSize(text);
      if (size === undefined || size > maxFileSize) {
        const what = size === undefined ? `${buffer.length} bytes` : `${size} bytes of text without image outputs`;
        reply.notes.push({ path: file.path, reason: 'too-large', detail: `${what}, maxFileSize is ${maxFileSize}` });
        continue;
      }
    }
    reply.files++;
    reply.bytes += buffer.length;
    // The keyword prefilter runs on the raw bytes: a file without any keyword is never decoded.
    // UTF-16/32 bytes hold no ASCII keyword as such, so those are decoded first.
    const candidates = hasWideBom(buffer) ? undefined : activeRulesInBytes(buffer, compiled);
    if (candidates?.length === 0) continue;
    const findings = scanFragment({ path: file.path, text }, compiled, candidates ? { allowValues, candidates } : { allowValues });
    for (const finding of findings) reply.findings.push(finding);
  }
  return reply;
}

function readNote(path: string, read: Exclude<SafeRead, { kind: 'ok' | 'binary' }>, maxFileSize: number): ScanNote {
  if (read.kind === 'not-regular') return { path, reason: 'special-file' };
  if (read.kind === 'too-large') return { path, reason: 'too-large', detail: `${read.size} bytes, maxFileSize is ${maxFileSize}` };
  return { path, reason: 'unreadable', detail: read.code };
}
