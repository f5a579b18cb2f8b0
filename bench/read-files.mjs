#!/usr/bin/env node
// The floor of any tree scan on this machine: list the tree, open and read every file, decode it
// to a string, and nothing else. `--split N` runs N copies of itself at once, each on every Nth
// file, and waits for all: how much reading a tree gains from N cores here (`--split 1` runs one
// child the same way, so both pay the same start-ups). The worker pool's
// scaling is read against this ceiling (on a VM where page faults and file reads contend across
// cores, a pool cannot scale better than reading alone does). Prints the bytes read.
import { spawn } from 'node:child_process';
import { closeSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { split: { type: 'string' }, part: { type: 'string' } } });
const root = positionals[0] ?? '.';
const split = Number(values.split ?? 1);

if (values.split !== undefined && values.part === undefined) {
  const self = new URL(import.meta.url).pathname;
  const children = Array.from({ length: split }, (_, part) =>
    new Promise((resolve, reject) => {
      let out = '';
      const child = spawn(process.execPath, [self, root, '--split', String(split), '--part', String(part)], { stdio: ['ignore', 'pipe', 'inherit'] });
      child.stdout.on('data', (chunk) => (out += chunk));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(Number(out.trim())) : reject(new Error(`part ${part} exited ${code}`))));
    }),
  );
  const bytes = (await Promise.all(children)).reduce((sum, n) => sum + n, 0);
  console.log(bytes);
} else {
  const part = Number(values.part ?? 0);
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(path);
    }
  };
  walk(root);
  files.sort();
  // One buffer for every file, as a careful reader would: fresh memory is what costs most here.
  let buffer = Buffer.allocUnsafeSlow(1 << 20);
  let bytes = 0;
  for (let i = part; i < files.length; i += split) {
    const fd = openSync(files[i], 'r');
    try {
      const size = fstatSync(fd).size;
      if (size > buffer.length) buffer = Buffer.allocUnsafeSlow(size);
      let read = 0;
      while (read < size) {
        const n = readSync(fd, buffer, read, size - read, null);
        if (n === 0) break;
        read += n;
      }
      bytes += buffer.latin1Slice(0, read).length;
    } finally {
      closeSync(fd);
    }
  }
  console.log(bytes);
}
