// Helpers for the tests of the byte prefilter's loops (prefilter.ts and its WebAssembly twin).

/** Which keywords occur, ignoring ASCII case, by a plain search (bytes >= 0x80 match nothing). */
export function expectedSeen(bytes: Uint8Array, keywords: readonly string[]): number[] {
  const folded = Array.from(bytes, (byte) => (byte >= 0x80 ? '\u0000' : String.fromCharCode(byte).toLowerCase())).join('');
  return keywords.map((keyword) => (folded.includes(keyword.toLowerCase()) ? 1 : 0));
}

/** A copy of the bytes at the given offset of a fresh buffer (0..3: every alignment the loops tell apart). */
export function placed(bytes: Uint8Array, offset: number): Uint8Array {
  const memory = new Uint8Array(bytes.length + 4);
  memory.set(bytes, offset);
  return memory.subarray(offset, offset + bytes.length);
}
