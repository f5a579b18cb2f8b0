import type { PatchLine } from './patch.js';

export { isLfsPointer } from '../file-kinds.js';

export function joinLines(lines: readonly PatchLine[]): string {
  return lines.map((line) => line.text).join('\n');
}
