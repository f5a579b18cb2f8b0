import { gitFailure, gitStartError, spawnGit } from '../../git/process.js';

export type BlobContent =
  | { kind: 'blob'; data: Buffer }
  /** Bigger than the limit: its bytes were read past, never kept. */
  | { kind: 'too-large'; size: number }
  | { kind: 'missing' };

/**
 * Reads many blobs through one `git cat-file --batch` process: ids in on stdin, `<id> <type>
 * <size>\n<bytes>\n` out. Blobs over `maxSize` are skipped as they stream by, so an unexpectedly
 * staged dataset costs pipe time but no memory.
 */
export async function readBlobs(cwd: string, ids: readonly string[], maxSize: number | ((id: string) => number)): Promise<Map<string, BlobContent>> {
  if (ids.length === 0) return new Map();
  return startBlobReader(cwd).read(ids, maxSize);
}

/** A `git cat-file --batch` started before the ids are known; `read` it once. */
export interface BlobReader {
  read(ids: readonly string[], maxSize: number | ((id: string) => number)): Promise<Map<string, BlobContent>>;
  /**
   * Ends the process if it was never read (the caller failed first); a no-op after `read`. Left
   * waiting on stdin, cat-file would keep the CLI from exiting.
   */
  cancel(): void;
}

/**
 * Spawns `git cat-file --batch` now, to be fed later. The hook starts it beside `git diff
 * --cached`, so the second git process starts up while the first one runs instead of after it
 * (docs/bench.md, "Pre-commit hook"). cat-file only waits on stdin until then.
 */
export function startBlobReader(cwd: string): BlobReader {
  const child = spawnGit(cwd, ['cat-file', '--batch']);
  const errors: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
  const exited = new Promise<number>((resolvePromise, reject) => {
    child.on('error', (error) => reject(gitStartError(error)));
    child.on('close', (code) => resolvePromise(code ?? 1));
  });
  // A start failure is reported by `read`; unread (cancelled), it must not crash the process.
  exited.catch(() => undefined);
  child.stdin.on('error', () => undefined);
  let used = false;
  return {
    async read(ids, maxSize) {
      if (used) throw new Error('BlobReader.read called twice');
      used = true;
      const unique = [...new Set(ids)];
      const blobs = new Map<string, BlobContent>();
      child.stdin.end(unique.length === 0 ? '' : `${unique.join('\n')}\n`);
      const reader = new BatchReader(maxSize, (id, content) => blobs.set(id, content));
      for await (const chunk of child.stdout) reader.push(chunk as Buffer);
      const code = await exited;
      // With no ids nothing was asked: a cat-file that failed anyway (no repository) changes nothing.
      if (code !== 0 && unique.length > 0) throw gitFailure('cannot read staged files', Buffer.concat(errors).toString('utf8'));
      return blobs;
    },
    cancel() {
      if (used) return;
      used = true;
      child.stdin.end();
      child.stdout.resume();
    },
  };
}

/** The `--batch` output protocol as a push parser, independent of how chunks are cut. */
export class BatchReader {
  private header: Buffer[] = [];
  private id = '';
  private remaining = -1; // bytes of the current object still to come; -1 while reading a header
  private keep = false;
  private size = 0;
  private body: Buffer[] = [];

  constructor(
    /** A limit for every object, or one per object id (notebooks are read further). */
    private readonly maxSize: number | ((id: string) => number),
    private readonly onObject: (id: string, content: BlobContent) => void,
  ) {}

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.remaining < 0) {
        const newline = chunk.indexOf(0x0a, at);
        if (newline === -1) {
          this.header.push(chunk.subarray(at));
          return;
        }
        this.header.push(chunk.subarray(at, newline));
        at = newline + 1;
        this.startObject(Buffer.concat(this.header).toString('utf8'));
        this.header = [];
        continue;
      }
      // Object bytes, then the newline git writes after them.
      const take = Math.min(this.remaining, chunk.length - at);
      if (this.keep && take > 0) this.body.push(chunk.subarray(at, at + take));
      this.remaining -= take;
      at += take;
      if (this.remaining === 0 && at < chunk.length) {
        at += 1; // the separator newline
        this.finishObject();
      }
    }
  }

  private startObject(line: string): void {
    const [id = '', type, sizeText] = line.split(' ');
    if (type === 'missing' || type === 'ambiguous' || sizeText === undefined) {
      this.onObject(id, { kind: 'missing' });
      return;
    }
    this.id = id;
    this.size = Number(sizeText);
    this.keep = this.size <= (typeof this.maxSize === 'number' ? this.maxSize : this.maxSize(id));
    this.body = [];
    this.remaining = this.size;
  }

  private finishObject(): void {
    this.onObject(this.id, this.keep ? { kind: 'blob', data: Buffer.concat(this.body) } : { kind: 'too-large', size: this.size });
    this.body = [];
    this.remaining = -1;
  }
}
