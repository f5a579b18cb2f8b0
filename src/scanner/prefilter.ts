import { kernelScanWords } from './byte-kernels.js';

/**
 * The byte-level keyword prefilter: which rules may fire in a file, decided on its raw bytes
 * before any decoding. On ML trees almost every file holds some keyword (`token`, `wandb`, `hf_`),
 * so this pass runs over nearly every byte and its per-byte cost is the scan's floor (see
 * docs/bench.md for the profile that shaped it).
 *
 * The pass reads the bytes as 16-bit pairs at even offsets only, one table lookup per pair. Every
 * keyword of length L contains the pairs at offsets j and j+1 (for a j chosen per keyword), and
 * one of those two starts at an even offset in the file, so stepping by two still sees every
 * keyword. Each keyword is indexed under its rarest such pair, so common pairs (`an`, `se`) rarely
 * stop the loop. The same lookup marks pairs holding a byte >= 0x80, which tells the caller for
 * free whether the file is pure ASCII (and can be decoded as Latin-1, a plain copy).
 */

/** A keyword index for `scanKeywordBytes`, built once per rule set. */
export interface KeywordTable {
  /**
   * By raw little-endian byte pair (`b[i] | b[i+1] << 8`): 0 for nothing, NON_ASCII for a pair
   * holding a byte >= 0x80, else 1 + the index of the pair's bucket.
   */
  pairs: Uint8Array;
  /** Per bucket: `keywordId << 8 | offset`, the offset of the pair inside that keyword. */
  buckets: Int32Array[];
  /**
   * Per bucket, 512 flags by raw byte: the bytes that may precede the pair (the first 256) and
   * follow it (the last 256) in one of the bucket's keywords; see `neighbourOf`.
   */
  neighbours: Uint8Array;
  /** Each keyword's lower-case bytes, by id. */
  bytes: Uint8Array[];
  /** Pairs are read at every `stride`-th offset: the shortest keyword's length minus one, at most 2. */
  stride: number;
}

const NON_ASCII = 255;
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
const MAX_BUCKETS = NON_ASCII - 1;

// ASCII letters fold to lower case; bytes >= 0x80 fold to 0, which no keyword contains. UTF-8
// keeps every ASCII character as its own byte, so a keyword occurs in the bytes exactly when it
// occurs, ignoring ASCII case, in the decoded text.
export const FOLD = Uint8Array.from({ length: 256 }, (_, byte) => (byte >= 65 && byte <= 90 ? byte + 32 : byte < 128 ? byte : 0));

// Rough byte frequencies of source code and prose (per mille), used only to pick each keyword's
// rarest pair; a bad guess costs speed, never a missed keyword.
// A table, not a lookup per call: the table is built in every process, in cold code, where
// `indexOf(String.fromCharCode(byte))` per pair cost ~2.6 ms of the hook (docs/bench.md, sixth round).
const COMMON = ' etaoinsrlcdhupmfg_.=y"bw(),-:\n/\'';
const FREQUENCY = new Float64Array(256).fill(3);
for (let rank = 0; rank < COMMON.length; rank++) FREQUENCY[COMMON.charCodeAt(rank)] = 100 - rank * 2.5;

const tables = new WeakMap<readonly string[], KeywordTable | null>();

/**
 * The table for a compiled rule set's keyword list, built on first use: by the byte pass of a
 * tree scan, or by `scanKeywordText` over decoded text (the hook's staged blobs, history lines).
 */
export function keywordTableOf(keywords: readonly string[]): KeywordTable | undefined {
  let table = tables.get(keywords);
  if (table === undefined) {
    table = buildKeywordTable(keywords) ?? null;
    tables.set(keywords, table);
  }
  return table ?? undefined;
}

/**
 * Builds the table, or undefined when a keyword is shorter than two bytes or not ASCII (the
 * caller then falls back to the RegExp prefilter over decoded text).
 */
export function buildKeywordTable(keywords: readonly string[]): KeywordTable | undefined {
  if (keywords.length === 0 || keywords.some((keyword) => keyword.length < 2 || /[^\x01-\x7f]/.test(keyword))) return undefined;
  const bytes = keywords.map(lowerCaseBytes);
  const stride = Math.min(2, ...bytes.map((keyword) => keyword.length - 1));
  const entries = new Map<number, number[]>();
  bytes.forEach((keyword, id) => {
    const first = rarestWindow(keyword, stride);
    for (let offset = first; offset < first + stride; offset++) {
      const pair = keyword[offset]! | (keyword[offset + 1]! << 8);
      const list = entries.get(pair);
      if (list) list.push((id << 8) | offset);
      else entries.set(pair, [(id << 8) | offset]);
    }
  });
  if (entries.size > MAX_BUCKETS) return undefined;
  const pairs = new Uint8Array(1 << 16);
  // Every pair holding a byte >= 0x80: the whole row of a high second byte, the upper half of the others.
  for (let high = 0; high < 256; high++) pairs.fill(NON_ASCII, (high << 8) + (high >= 0x80 ? 0 : 0x80), (high + 1) << 8);
  const buckets: Int32Array[] = [];
  const neighbours = new Uint8Array(entries.size * 512);
  for (const [pair, list] of entries) {
    const base = buckets.length * 512;
    buckets.push(Int32Array.from(list));
    for (const variant of caseVariants(pair)) pairs[variant] = buckets.length;
    for (const entry of list) {
      const neighbour = neighbourOf(bytes[entry >> 8]!, entry & 0xff);
      if (neighbour === undefined) neighbours.fill(1, base, base + 512);
      else for (const variant of letterCases(neighbour.byte)) neighbours[base + neighbour.side + variant] = 1;
    }
  }
  return { pairs, buckets, neighbours, bytes, stride };
}

/**
 * One byte a keyword has next to its pair at `offset`: the one before it (side 0) or else the
 * one after (side 256), which every occurrence of the keyword has there too. On ML trees the
 * pairs of short provider names (`cohere`, `asia`, `comet`) are common, and this check turns away
 * most of the loop's stops before the bucket's keywords are compared (docs/bench.md, "Fifth
 * round: bytes before decoding"). Undefined for a two-byte keyword, which has no neighbour.
 */
function neighbourOf(keyword: Uint8Array, offset: number): { byte: number; side: 0 | 256 } | undefined {
  if (offset > 0) return { byte: keyword[offset - 1]!, side: 0 };
  if (offset + 2 < keyword.length) return { byte: keyword[offset + 2]!, side: 256 };
  return undefined;
}

/** The start of the `stride` consecutive pairs of the keyword that occur least often in text. */
function rarestWindow(keyword: Uint8Array, stride: number): number {
  let best = 0;
  let bestScore = Infinity;
  for (let start = 0; start + stride < keyword.length; start++) {
    let score = 0;
    for (let offset = start; offset < start + stride; offset++) score += FREQUENCY[keyword[offset]!]! * FREQUENCY[keyword[offset + 1]!]!;
    if (score < bestScore) {
      best = start;
      bestScore = score;
    }
  }
  return best;
}

/** The raw pairs that fold to a lower-case pair: each ASCII letter in either case. */
function caseVariants(pair: number): number[] {
  const variants: number[] = [];
  for (const low of letterCases(pair & 0xff)) for (const high of letterCases(pair >> 8)) variants.push(low | (high << 8));
  return variants;
}

/** An ASCII keyword's lower-case bytes (buildKeywordTable has checked it is ASCII). */
function lowerCaseBytes(keyword: string): Uint8Array {
  const lower = keyword.toLowerCase();
  const bytes = new Uint8Array(lower.length);
  for (let index = 0; index < lower.length; index++) bytes[index] = lower.charCodeAt(index);
  return bytes;
}

/** The raw bytes that fold to a lower-case byte. */
function letterCases(byte: number): number[] {
  return byte >= 97 && byte <= 122 ? [byte, byte - 32] : [byte];
}

export interface KeywordScan {
  /** 1 at each keyword id that occurs, ignoring ASCII case. */
  seen: Uint8Array;
  /** Every byte is below 0x80. */
  ascii: boolean;
}

// Below this many bytes the pass stays in JavaScript: for a short input the copy into the
// WebAssembly kernel's memory and the call cost about what the loop does. A scan whose files are
// all this small (the demo, a few configs) never sets the kernel up.
const KERNEL_MIN_BYTES = 4096;

/**
 * One pass over the bytes: which keywords occur, and whether the bytes are pure ASCII. `kernel:
 * false` keeps the pass in JavaScript (tests compare the two).
 */
export function scanKeywordBytes(bytes: Uint8Array, table: KeywordTable, kernel = true): KeywordScan {
  const fromKernel = kernel && table.stride === 2 && bytes.length >= KERNEL_MIN_BYTES ? kernelScanWords(bytes, table, FOLD) : undefined;
  const state: ScanState = fromKernel ?? { seen: new Uint8Array(table.bytes.length), remaining: table.bytes.length, ascii: true };
  // Pairs are read as one 16-bit load where the layout allows (the common case: read buffers are
  // aligned, and the machines Node runs on are little-endian), else byte by byte.
  const covered =
    fromKernel?.covered ?? (table.stride === 2 && LITTLE_ENDIAN && (bytes.byteOffset & 1) === 0 ? scanWords(bytes, table, state) : scanPairs(bytes, table, state));
  // The bytes no pair covered: the last one when the stride stepped over it, or everything after
  // the point where every keyword had been seen.
  if (state.ascii) for (let i = covered; i < bytes.length; i++) if (bytes[i]! >= 0x80) state.ascii = false;
  return { seen: state.seen, ascii: state.ascii };
}

interface ScanState {
  seen: Uint8Array;
  remaining: number;
  ascii: boolean;
}

/** Returns the offset up to which the bytes have been looked at. */
function scanPairs(bytes: Uint8Array, table: KeywordTable, state: ScanState): number {
  const { pairs, stride } = table;
  const last = bytes.length - 1;
  let i = 0;
  for (; i < last; i += stride) {
    const slot = pairs[bytes[i]! | (bytes[i + 1]! << 8)]!;
    if (slot === 0) continue;
    if (slot === NON_ASCII) state.ascii = false;
    else if (mayHoldKeyword(bytes, i, slot, table.neighbours) && checkBucket(bytes, i, table.buckets[slot - 1]!, table, state)) return i;
  }
  return i;
}

function scanWords(bytes: Uint8Array, table: KeywordTable, state: ScanState): number {
  const { pairs } = table;
  const words = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length >> 1);
  const count = words.length;
  for (let w = 0; w < count; w++) {
    const slot = pairs[words[w]!]!;
    if (slot === 0) continue;
    if (slot === NON_ASCII) state.ascii = false;
    else if (mayHoldKeyword(bytes, w << 1, slot, table.neighbours) && checkBucket(bytes, w << 1, table.buckets[slot - 1]!, table, state)) return w << 1;
  }
  return count << 1;
}

/** Whether the bytes around the pair at `at` are ones that a keyword of its bucket has there. */
function mayHoldKeyword(bytes: Uint8Array, at: number, slot: number, neighbours: Uint8Array): boolean {
  // Past either end, the flag read stands in for a byte that no keyword can have (NUL).
  return hasNeighbour(neighbours, slot, at > 0 ? bytes[at - 1]! : 0, at + 2 < bytes.length ? bytes[at + 2]! : 0);
}

function hasNeighbour(neighbours: Uint8Array, slot: number, before: number, after: number): boolean {
  const base = (slot - 1) * 512;
  return neighbours[base + before] === 1 || neighbours[base + 256 + after] === 1;
}

/** Marks the bucket's keywords that occur around the pair at `at`; true once all are seen. */
function checkBucket(bytes: Uint8Array, at: number, bucket: Int32Array, table: KeywordTable, state: ScanState): boolean {
  for (let k = 0; k < bucket.length; k++) {
    const entry = bucket[k]!;
    const id = entry >> 8;
    if (state.seen[id] === 0 && keywordAt(bytes, at - (entry & 0xff), table.bytes[id]!)) {
      state.seen[id] = 1;
      if (--state.remaining === 0) return true;
    }
  }
  return false;
}

function keywordAt(bytes: Uint8Array, at: number, keyword: Uint8Array): boolean {
  if (at < 0 || at + keyword.length > bytes.length) return false;
  for (let j = 0; j < keyword.length; j++) if (FOLD[bytes[at + j]!] !== keyword[j]) return false;
  return true;
}

/**
 * `scanKeywordBytes` over decoded text (staged blobs, history patches, notebook cells): the same
 * table, with UTF-16 code units for bytes. A unit >= 0x80 is never part of a keyword (JavaScript's
 * case-insensitive matching never folds one to ASCII either), so the answer is the same.
 */
export function scanKeywordText(text: string, table: KeywordTable): Uint8Array {
  const { pairs, buckets, neighbours, bytes: keywordBytes, stride } = table;
  const seen = new Uint8Array(keywordBytes.length);
  let remaining = keywordBytes.length;
  const last = text.length - 1;
  for (let i = 0; i < last; i += stride) {
    const low = text.charCodeAt(i);
    const high = text.charCodeAt(i + 1);
    if ((low | high) >= 0x80) continue;
    const slot = pairs[low | (high << 8)]!;
    if (slot === 0 || !hasNeighbour(neighbours, slot, i > 0 ? asciiOrNul(text.charCodeAt(i - 1)) : 0, i + 2 < text.length ? asciiOrNul(text.charCodeAt(i + 2)) : 0)) continue;
    const bucket = buckets[slot - 1]!;
    for (let k = 0; k < bucket.length; k++) {
      const entry = bucket[k]!;
      const id = entry >> 8;
      if (seen[id] === 0 && keywordInText(text, i - (entry & 0xff), keywordBytes[id]!)) {
        seen[id] = 1;
        if (--remaining === 0) return seen;
      }
    }
  }
  return seen;
}

/** A unit >= 0x80 is in no keyword, as NUL is not: the flags need only the first 128 codes. */
function asciiOrNul(unit: number): number {
  return unit < 0x80 ? unit : 0;
}

function keywordInText(text: string, at: number, keyword: Uint8Array): boolean {
  if (at < 0 || at + keyword.length > text.length) return false;
  for (let j = 0; j < keyword.length; j++) {
    const unit = text.charCodeAt(at + j);
    if (unit >= 0x80 || FOLD[unit] !== keyword[j]) return false;
  }
  return true;
}
