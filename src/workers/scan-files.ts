import { readFileSync } from 'node:fs';
import type { CompiledRules } from '../scanner/index.js';
import { scanFragment } from '../scanner/index.js';
import { bufferToText } from '../sources/files.js';
import type { WorkerReply, WorkerTask } from './protocol.js';

/** Reads and scans one batch; shared by the in-process path and the worker threads. */
export function scanFileBatch(task: WorkerTask, compiled: CompiledRules, allowValues: ReadonlySet<string>): WorkerReply {
  const reply: WorkerReply = { id: task.id, findings: [], files: 0, bytes: 0, skippedBinary: [], errors: [] };
  for (const file of task.files) {
    let buffer: Buffer;
    try {
      buffer = readFileSync(file.absolute);
    } catch (error) {
      reply.errors.push(`${file.path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
      continue;
    }
    const text = bufferToText(buffer);
    if (text === undefined) {
      reply.skippedBinary.push(file.path);
      continue;
    }
    reply.files++;
    reply.bytes += buffer.length;
    const findings = scanFragment({ path: file.path, text }, compiled, { allowValues });
    for (const finding of findings) reply.findings.push(finding);
  }
  return reply;
}
