import type { ScanResult } from '../../types/index.js';
import { LeakguardError } from '../../util/errors.js';

export type GitScanMode =
  | { kind: 'staged'; paths: string[] }
  | { kind: 'range'; range: string }
  | { kind: 'since'; rev: string }
  | { kind: 'history' };

export interface GitScanOptions {
  cwd: string;
  mode: GitScanMode;
  configFile?: string;
  baselineFile?: string;
  onProgress?: (done: number, total?: number) => void;
}

export async function scanGit(options: GitScanOptions): Promise<ScanResult> {
  throw new LeakguardError(`scan: git source "${options.mode.kind}" is not available yet`);
}
