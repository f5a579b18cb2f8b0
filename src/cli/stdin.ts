/** `leakguard scan -`: standard input scanned as one file, named by --stdin-filename. */
import type { ScanResult } from '../types/index.js';
import { filterWithBaseline, prepareScan, scanFragments } from '../engine.js';
import { sortFindings } from '../findings/sort.js';
import { textToScan } from '../sources/file-kinds.js';

export interface StdinScanOptions {
  cwd: string;
  /** Repository-style path the text stands for: path-scoped rules, notebooks and ignorePaths use it. */
  path: string;
  configFile?: string;
  baselineFile?: string;
  read: () => Promise<Buffer>;
}

export async function scanStdin(options: StdinScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const path = options.path.replace(/\\/g, '/').replace(/^\.\//, '');
  const [context, bytes] = await Promise.all([prepareScan(options.cwd, options.configFile), options.read()]);
  const result: ScanResult = { findings: [], stats: { files: 1, bytes: bytes.length, durationMs: 0 }, notes: [] };
  if (context.isIgnored(path)) {
    result.stats.files = 0;
    result.notes?.push({ path, reason: 'config', detail: 'standard input skipped: its --stdin-filename matches ignorePaths' });
  } else {
    // The same decision as a file of that name: NUL-bearing code is still text, a BOM is decoded.
    const text = textToScan(bytes, path);
    if (text === undefined) {
      result.stats.files = 0;
      result.notes?.push({ path, reason: 'binary', detail: 'standard input is binary' });
    } else {
      result.findings = scanFragments([{ path, text }], context);
    }
  }
  await filterWithBaseline(result, options.baselineFile);
  sortFindings(result.findings);
  result.stats.durationMs = Math.round(performance.now() - started);
  return result;
}
