import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

export type SafeRead =
  | { kind: 'ok'; data: Buffer }
  /** A FIFO, socket, device or directory (also behind a symlink): never read. */
  | { kind: 'not-regular' }
  | { kind: 'too-large'; size: number }
  /** `probeBinary` was asked and the first 8 KiB held a NUL byte: the rest was not read. */
  | { kind: 'binary' }
  | { kind: 'error'; code: string };

const PROBE_BYTES = 8192;

// O_NONBLOCK: opening a FIFO for reading otherwise waits for a writer, i.e. forever in a hook.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * One buffer that successive reads of a tree scan fill in turn, so a scan touches the same pages
 * over and over instead of fresh memory for every file: on the VMs the bench runs on, fresh
 * pages cost more than the read itself, and two threads faulting them in do not scale (see
 * docs/bench.md, "Fourth round: tree"). A read into it is valid only until the next read.
 */
export class ReadBuffer {
  private buffer: Buffer | undefined;

  // Larger files get a buffer of their own that dies with them: a thread keeps at most this much.
  static readonly MAX_KEPT = 4 * 1024 * 1024;

  /** A buffer of at least `size` bytes: the shared one, grown if needed, or a fresh one above MAX_KEPT. */
  take(size: number): Buffer {
    if (size > ReadBuffer.MAX_KEPT) return Buffer.allocUnsafe(size);
    if (!this.buffer || this.buffer.length < size) {
      let grown = Math.max(64 * 1024, this.buffer?.length ?? 0);
      while (grown < size) grown *= 2;
      this.buffer = Buffer.allocUnsafeSlow(Math.min(grown, ReadBuffer.MAX_KEPT));
    }
    return this.buffer;
  }
}

/**
 * Reads a file only if it is a regular file of at most `maxBytes`, deciding on the opened file
 * (fstat), so a symlink to /dev/zero or a FIFO swapped in after a stat is never read, and a file
 * that grows while it is read stops at the cap. With `into`, the data is a view of that shared
 * buffer, overwritten by the next read into it: copy or decode it before then.
 */
export function readRegularFile(path: string | Uint8Array, maxBytes: number, probeBinary = false, into?: ReadBuffer): SafeRead {
  let fd: number;
  try {
    // Worker threads receive a Buffer path as a plain Uint8Array.
    fd = openSync(typeof path === 'string' || Buffer.isBuffer(path) ? path : Buffer.from(path.buffer, path.byteOffset, path.byteLength), OPEN_FLAGS);
  } catch (error) {
    return { kind: 'error', code: (error as NodeJS.ErrnoException).code ?? 'EIO' };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { kind: 'not-regular' };
    if (stats.size > maxBytes) return { kind: 'too-large', size: stats.size };
    const wanted = Math.min(stats.size, maxBytes) + 1;
    const buffer = into ? into.take(wanted).subarray(0, wanted) : Buffer.allocUnsafe(wanted);
    let length = 0;
    // A short read that stops exactly at the size fstat reported is the end of the file, so the
    // read that would return 0 to confirm it is skipped: one syscall less per file, a tenth of a
    // tree scan's syscalls. A file that grew since the fstat fills the extra byte instead and
    // stays too large; one whose size says nothing (procfs reports 0) never reads short here.
    let ended = false;
    if (probeBinary) {
      // The first 8 KiB on their own, so a binary file costs one small read.
      const wanted = Math.min(PROBE_BYTES, buffer.length);
      length = readSync(fd, buffer, 0, wanted, null);
      if (buffer.subarray(0, length).includes(0)) return { kind: 'binary' };
      ended = length < wanted && length === stats.size;
    }
    while (!ended) {
      if (length === buffer.length) return { kind: 'too-large', size: length };
      const wanted = buffer.length - length;
      const read = readSync(fd, buffer, length, wanted, null);
      if (read === 0) break;
      length += read;
      ended = read < wanted && length === stats.size;
    }
    return { kind: 'ok', data: buffer.subarray(0, length) };
  } catch (error) {
    return { kind: 'error', code: (error as NodeJS.ErrnoException).code ?? 'EIO' };
  } finally {
    closeSync(fd);
  }
}

/** Config, ignore and baseline files: generous for real ones, small enough to never exhaust memory. */
export const CONFIG_FILE_CAP = 4 * 1024 * 1024;
