import { closeSync, openSync, readSync } from 'node:fs';

const INITIAL_BYTES = 1024 * 1024;

/**
 * Reads whole files into one reused buffer: open, read, close. No stat (the walk already knows
 * the size; without a size it reads to end of file, growing the buffer) and no Buffer per file,
 * which `readFileSync` allocates. The returned view is valid until the next `read`.
 */
export class FileReader {
  // allocUnsafeSlow: its own ArrayBuffer at offset 0, so the prefilter can read aligned 16-bit pairs.
  private buffer = Buffer.allocUnsafeSlow(INITIAL_BYTES);

  /** `size`: the size the walk saw; reading stops there, as `readFileSync` stops at fstat's size. */
  read(path: string, size?: number): Buffer {
    const fd = openSync(path, 'r');
    try {
      if (size !== undefined) while (this.buffer.length < size) this.grow();
      let length = 0;
      while (size === undefined || size === 0 || length < size) {
        if (length === this.buffer.length) this.grow();
        const count = readSync(fd, this.buffer, length, this.buffer.length - length, null);
        if (count === 0) break;
        length += count;
      }
      return this.buffer.subarray(0, length);
    } finally {
      closeSync(fd);
    }
  }

  private grow(): void {
    const larger = Buffer.allocUnsafeSlow(this.buffer.length * 2);
    this.buffer.copy(larger);
    this.buffer = larger;
  }
}
