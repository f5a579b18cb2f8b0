import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { OutputQueue } from '../../src/sources/git/log-process.js';

/** git's stdout read ahead of the history scan (src/sources/git/log-process.ts). */
describe('OutputQueue', () => {
  test('reads ahead up to its cap, pauses the stream there, resumes as the consumer catches up', async () => {
    const stream = new PassThrough();
    const queue = new OutputQueue(stream, 4096);
    const written: Buffer[] = [];
    for (let n = 0; n < 12; n++) {
      const chunk = Buffer.alloc(1024, 0x61 + n);
      written.push(chunk);
      stream.write(chunk);
    }
    stream.end();
    await new Promise((resolvePromise) => setImmediate(resolvePromise));
    expect(stream.isPaused()).toBe(true); // more than 4 KiB waiting: the producer is held back

    const read: Buffer[] = [];
    for (let chunk = await queue.next(); chunk; chunk = await queue.next()) read.push(chunk);
    expect(Buffer.concat(read)).toEqual(Buffer.concat(written));
    expect(await queue.next()).toBeUndefined();
  });

  test('a consumer waiting on an empty queue wakes for the next chunk and for the close', async () => {
    const stream = new PassThrough();
    const queue = new OutputQueue(stream);
    const first = queue.next();
    stream.write(Buffer.from('abc'));
    expect((await first)?.toString()).toBe('abc');
    const last = queue.next();
    stream.destroy(); // 'close' without 'end', as after a failed spawn
    expect(await last).toBeUndefined();
  });
});
