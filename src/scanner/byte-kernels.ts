import type { KeywordTable } from './prefilter.js';
import { BYTE_KERNELS_WASM } from './byte-kernels-wasm.js';

/**
 * The WebAssembly twins of the two byte loops a tree scan runs over nearly every byte (see
 * byte-kernels.wat): the keyword prefilter's pass and the notebook cutter's control-byte check.
 * In JavaScript both ran mostly cold: every thread that scans starts its own copy in the
 * interpreter, and V8 optimises a loop only after it has run for a while. WebAssembly is compiled
 * before it runs, and the control-byte check reads 64 bytes per step.
 *
 * The bytes are copied into the module's memory first (a memcpy, a few milliseconds for the
 * dense bench tree's 63 MB). Each thread holds its own instances, created on first use (~2-3 ms:
 * compiling the module, writing the keyword table), which the cold JavaScript loop spends on its
 * first ~200 KB (it ran the first MiB of a 400-file tree in ~14 ms). Waiting for a thread to have
 * looked at 1 MiB before switching was measured and lost: by then JavaScript had paid its cold
 * start (docs/bench.md, tenth round). Where WebAssembly is missing or refuses the module, the
 * callers keep their JavaScript loops.
 */

/** Inputs larger than this stay in JavaScript: a module's memory never shrinks, so a thread keeps at most about this much. */
const MAX_KERNEL_BYTES = 4 * 1024 * 1024;
const PAGE = 65536;
// The pair table sits at offset 0, as byte-kernels.wat expects.
const PAIR_TABLE_BYTES = 1 << 16;

interface KernelExports {
  memory: WebAssembly.Memory;
  ascii: WebAssembly.Global;
  remaining: WebAssembly.Global;
  setup(fold: number, neighbours: number, buckets: number, entries: number, keywords: number, seen: number): void;
  scan(data: number, length: number, remaining: number): number;
  hasControl(from: number, to: number): number;
}

let compiled: WebAssembly.Module | null | undefined;

function kernelModule(): WebAssembly.Module | undefined {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Buffer.from(BYTE_KERNELS_WASM, 'base64'));
    } catch {
      compiled = null;
    }
  }
  return compiled ?? undefined;
}

/** One instance and the place in its memory where the bytes to look at go. */
class Kernel {
  private view: Uint8Array;

  constructor(
    readonly exports: KernelExports,
    readonly dataAt: number,
  ) {
    this.view = new Uint8Array(exports.memory.buffer);
  }

  static create(reserved: number): Kernel | undefined {
    const module = kernelModule();
    if (!module) return undefined;
    try {
      const exports = new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
      // The data area starts on a 16-byte boundary, where the 16-byte loads of `hasControl` are aligned.
      const kernel = new Kernel(exports, (reserved + 15) & ~15);
      return kernel.reserve(0) ? kernel : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * The module's memory as bytes, with room for `length` bytes of data; undefined when it cannot
   * grow that far (the process is short of memory: the caller's JavaScript loop needs none).
   */
  reserve(length: number): Uint8Array | undefined {
    const needed = this.dataAt + length;
    const memory = this.exports.memory;
    if (memory.buffer.byteLength < needed) {
      try {
        memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE));
      } catch {
        return undefined;
      }
    }
    // Growing detaches the old buffer: every view is taken again.
    if (this.view.buffer !== memory.buffer) this.view = new Uint8Array(memory.buffer);
    return this.view;
  }

  /**
   * Copies the bytes into the data area, with a NUL after them, and returns the memory's bytes.
   * The byte before the area is never written, so it is NUL too.
   */
  load(bytes: Uint8Array, from = 0, to = bytes.length): Uint8Array | undefined {
    const memory = this.reserve(to - from + 1);
    if (!memory) return undefined;
    memory.set(bytes.subarray(from, to), this.dataAt);
    memory[this.dataAt + to - from] = 0;
    return memory;
  }
}

/** Where a keyword table's arrays are in a kernel's memory. */
interface TableLayout {
  kernel: Kernel;
  seenAt: number;
  keywordCount: number;
}

const layouts = new WeakMap<KeywordTable, TableLayout | null>();

function layoutOf(table: KeywordTable, fold: Uint8Array): TableLayout | undefined {
  let layout = layouts.get(table);
  if (layout === undefined) {
    layout = writeTable(table, fold) ?? null;
    layouts.set(table, layout);
  }
  return layout ?? undefined;
}

function writeTable(table: KeywordTable, fold: Uint8Array): TableLayout | undefined {
  const entryCount = table.buckets.reduce((sum, bucket) => sum + bucket.length, 0);
  const keywordBytes = table.bytes.reduce((sum, keyword) => sum + keyword.length, 0);
  const foldAt = PAIR_TABLE_BYTES;
  const neighboursAt = foldAt + 256;
  // Indexed by the slot itself: row 0 (no bucket) and the rows past the last bucket, NON_ASCII's
  // among them, stay zero, so the kernel checks neighbours without a branch on the slot.
  const bucketsAt = neighboursAt + 256 * 512;
  const entriesAt = bucketsAt + table.buckets.length * 8;
  const keywordsAt = entriesAt + entryCount * 4;
  const keywordBytesAt = keywordsAt + table.bytes.length * 8;
  const seenAt = keywordBytesAt + keywordBytes;
  // One byte more: the NUL the kernel reads before the data.
  const kernel = Kernel.create(seenAt + table.bytes.length + 1);
  if (!kernel) return undefined;
  const memory = kernel.reserve(0)!;
  const words = new DataView(memory.buffer);
  memory.set(table.pairs, 0);
  memory.set(fold, foldAt);
  memory.set(table.neighbours, neighboursAt + 512);
  let entry = 0;
  table.buckets.forEach((bucket, index) => {
    words.setUint32(bucketsAt + index * 8, entry, true);
    words.setUint32(bucketsAt + index * 8 + 4, bucket.length, true);
    for (const packed of bucket) words.setInt32(entriesAt + 4 * entry++, packed, true);
  });
  let at = keywordBytesAt;
  table.bytes.forEach((keyword, id) => {
    words.setUint32(keywordsAt + id * 8, at, true);
    words.setUint32(keywordsAt + id * 8 + 4, keyword.length, true);
    memory.set(keyword, at);
    at += keyword.length;
  });
  kernel.exports.setup(foldAt, neighboursAt, bucketsAt, entriesAt, keywordsAt, seenAt);
  return { kernel, seenAt, keywordCount: table.bytes.length };
}

/** What the prefilter's pass leaves: the keywords seen, whether a non-ASCII pair was met, and how far it looked. */
export interface KernelKeywordScan {
  seen: Uint8Array;
  ascii: boolean;
  remaining: number;
  covered: number;
}

/**
 * prefilter.ts `scanWords` in the kernel (the table's stride must be 2), or undefined when the
 * kernel is not available or the bytes are too many for it.
 */
export function kernelScanWords(bytes: Uint8Array, table: KeywordTable, fold: Uint8Array): KernelKeywordScan | undefined {
  if (bytes.length > MAX_KERNEL_BYTES) return undefined;
  const layout = layoutOf(table, fold);
  if (!layout) return undefined;
  const { kernel, seenAt, keywordCount } = layout;
  const memory = kernel.load(bytes);
  if (!memory) return undefined;
  memory.fill(0, seenAt, seenAt + keywordCount);
  let covered: number;
  try {
    covered = kernel.exports.scan(kernel.dataAt, bytes.length, keywordCount);
  } catch {
    // Not expected (every address is in range); should it trap, this table's kernel is dropped
    // and the JavaScript loop takes over.
    layouts.set(table, null);
    return undefined;
  }
  return {
    seen: memory.slice(seenAt, seenAt + keywordCount),
    ascii: kernel.exports.ascii.value === 1,
    remaining: kernel.exports.remaining.value as number,
    covered,
  };
}

let controlKernel: Kernel | null | undefined;

/** notebook-bytes.ts `hasControlByte` in the kernel, or undefined when it is not available. */
export function kernelHasControlByte(raw: Uint8Array, from: number, to: number): boolean | undefined {
  if (to - from > MAX_KERNEL_BYTES) return undefined;
  if (controlKernel === undefined) controlKernel = Kernel.create(0) ?? null;
  if (!controlKernel) return undefined;
  if (!controlKernel.load(raw, from, to)) return undefined;
  return controlKernel.exports.hasControl(controlKernel.dataAt, controlKernel.dataAt + (to - from)) === 1;
}
