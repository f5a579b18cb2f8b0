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
  const unique = [...new Set(ids)];
  const blobs = new Map<string, BlobContent>();
  if (unique.length === 0) return blobs;
  const child = spawnGit(cwd, ['cat-file', '--batch']);
  const errors: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
  const exited = new Promise<number>((resolvePromise, reject) => {
    child.on('error', (error) => reject(gitStartError(error)));
    child.on('close', (code) => resolvePromise(code ?? 1));
  });
  child.stdin.on('error', () => undefined);
  child.stdin.end(`${unique.join('\n')}\n`);

  const reader = new BatchReader(maxSize, (id, content) => blobs.set(id, content));
  for await (const chunk of child.stdout) reader.push(chunk as Buffer);
  const code = await exited;
  if (code !== 0) throw gitFailure('cannot read staged files', Buffer.concat(errors).toString('utf8'));
  return blobs;
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
