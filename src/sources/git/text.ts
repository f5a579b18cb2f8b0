import type { PatchLine } from './patch.js';

const LFS_POINTER = 'version https://git-lfs.github.com/spec/';

/** A Git LFS pointer: the real content lives on the LFS server, the blob is three lines of ids. */
export function isLfsPointer(text: string): boolean {
  return text.length < 1024 && text.startsWith(LFS_POINTER);
}

export function joinLines(lines: readonly PatchLine[]): string {
  return lines.map((line) => line.text).join('\n');
}
