import { readFileSync } from 'node:fs';
import type { CompiledRules } from '../scanner/index.js';
import { activeRulesInBytes, scanFragment } from '../scanner/index.js';
import { bufferToText, isBinaryBuffer } from '../sources/file-kinds.js';
import type { WorkerReply, WorkerTask } from './protocol.js';

/** Reads and scans one batch; shared by the in-process path and the worker threads. */
export function scanFileBatch(task: WorkerTask, compiled: CompiledRules, allowValues: ReadonlySet<string>): WorkerReply {
  const reply: WorkerReply = { id: task.id, findings: [], files: 0, bytes: 0, skippedBinary: [], errors: [], notes: [] };
  for (const file of task.files) {
    let buffer: Buffer;
    try {
      buffer = readFileSync(file.absolute);
    } catch (error) {
      reply.errors.push(`${file.path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
      continue;
    }
    if (isBinaryBuffer(buffer)) {
      reply.skippedBinary.push(file.path);
      continue;
    }
    reply.files++;
    reply.bytes += buffer.length;
    // The keyword prefilter runs on the raw bytes: a file without any keyword is never decoded.
    const candidates = activeRulesInBytes(buffer, compiled);
    if (candidates?.length === 0) continue;
    const text = bufferToText(buffer) ?? '';
    const findings = scanFragment({ path: file.path, text }, compiled, candidates ? { allowValues, candidates, notes: reply.notes } : { allowValues, notes: reply.notes });
    for (const finding of findings) reply.findings.push(finding);
  }
  return reply;
}
