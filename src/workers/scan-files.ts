import type { CompiledRules } from '../scanner/index.js';
import { candidatesInBytes, scanFragment } from '../scanner/index.js';
import { bufferToText, isBinaryBuffer } from '../sources/file-kinds.js';
import type { WorkerReply, WorkerTask } from './protocol.js';
import { FileReader } from './read-file.js';

// One reader per thread: files are read into its reused buffer, so a tree scan allocates no
// Buffer per file (the profile in docs/bench.md: allocation and GC cost as much as the regexes).
const reader = new FileReader();

/** Reads and scans one batch; shared by the in-process path and the worker threads. */
export function scanFileBatch(task: WorkerTask, compiled: CompiledRules, allowValues: ReadonlySet<string>): WorkerReply {
  const reply: WorkerReply = { id: task.id, findings: [], files: 0, bytes: 0, skippedBinary: [], errors: [] };
  for (const file of task.files) {
    let bytes: Buffer;
    try {
      bytes = reader.read(file.absolute, file.size);
    } catch (error) {
      reply.errors.push(`${file.path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
      continue;
    }
    if (isBinaryBuffer(bytes)) {
      reply.skippedBinary.push(file.path);
      continue;
    }
    reply.files++;
    reply.bytes += bytes.length;
    // The keyword prefilter runs on the raw bytes: a file without any keyword is never decoded.
    const candidates = candidatesInBytes(bytes, compiled);
    if (candidates?.rules.length === 0) continue;
    // Pure ASCII decodes as Latin-1 to the same string, by a plain copy instead of UTF-8 decoding.
    const text = candidates?.ascii ? bytes.toString('latin1') : (bufferToText(bytes) ?? '');
    const options = candidates ? { allowValues, candidates: candidates.rules } : { allowValues };
    for (const finding of scanFragment({ path: file.path, text }, compiled, options)) reply.findings.push(finding);
  }
  return reply;
}
