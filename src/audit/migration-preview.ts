import type { MigrationPreview } from '../types/index.js';

export interface PreviewOptions {
  root: string;
  configFile?: string;
  /** Repository-relative paths the scan was limited to; the whole project when absent. */
  only?: string[];
  reveal: boolean;
}

/**
 * `migrate --dry-run` for the report. The planner pulls in ts-morph and tree-sitter, so it is
 * imported here, on demand, and only the HTML format ever calls this.
 */
export async function previewMigration(options: PreviewOptions): Promise<MigrationPreview> {
  const { migrate } = await import('../migrate/index.js');
  const { report } = await migrate({
    root: options.root,
    configFile: options.configFile,
    only: options.only,
    dryRun: true,
    history: false,
    reveal: options.reveal,
  });
  const preview: MigrationPreview = {
    summary: { ...report.summary },
    files: report.files.map(({ path, status, language, reason }) => ({ path, status, language, reason })),
    values: report.values.map(({ envVar, provider, redacted, sites }) => ({ envVar, provider, redacted, sites })),
    writes: report.writes.map(({ path, kind, created }) => ({ path, kind, created })),
    notes: [...report.notes],
  };
  if (report.diff) preview.diff = report.diff;
  return preview;
}
