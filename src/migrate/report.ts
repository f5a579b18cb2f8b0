/**
 * What migrate tells the user, as data (the JSON format) and as text. Never a full value: every
 * value appears redacted unless `--reveal`.
 */
import picocolors from 'picocolors';
import type { MigrationPlan, PlannedValue, WriteKind } from './plan.js';
import { REPLACE_TEXT_PATH } from './plan.js';
import { providerLabel } from './envfile.js';

export type ReportFileStatus = 'changed' | 'manual' | 'untracked';

export interface MigrationReport {
  version: 1;
  dryRun: boolean;
  /** True when nothing needed doing (no findings, or every value already handled). */
  nothingToMigrate: boolean;
  summary: { changed: number; manual: number; untracked: number; values: number; writes: number };
  files: {
    path: string;
    status: ReportFileStatus;
    language?: string;
    reason?: string;
    notes: string[];
    findings: { line: number; envVar: string; ruleId: string; redacted: string }[];
  }[];
  values: {
    envVar: string;
    provider: string;
    ruleId: string;
    redacted: string;
    secret?: string;
    docsUrl: string;
    sites: { path: string; line: number }[];
    /** `docs-only`: shown only by documentation; a commented line in .env, no variable. */
    env: PlannedValue['env'];
    /** Commits that added the value; null when history was not searched. */
    commits: string[] | null;
    why?: string;
  }[];
  writes: { path: string; kind: WriteKind; created: boolean; mode?: string }[];
  untracked: string[];
  replaceTextFile?: string;
  /**
   * The history purge, as commands that work exactly as printed: git filter-repo refuses to run in
   * a repository that is not a fresh clone, so they make one (a mirror, every ref) next to the
   * repository and give filter-repo the replace-text file by its absolute path outside it.
   */
  purge?: string[];
  notes: string[];
  diff?: string;
}

export interface ReportOptions {
  dryRun: boolean;
  reveal: boolean;
  historySearched: boolean;
  diff?: string;
  /** Absolute repository top level and migration root, for the purge commands. */
  repoTop?: string;
  root?: string;
}

export function buildReport(plan: MigrationPlan, options: ReportOptions): MigrationReport {
  const files = plan.files.map((file) => ({
    path: file.path,
    status: (file.status === 'untrack' ? 'untracked' : file.status) as ReportFileStatus,
    language: file.language,
    reason: file.reason,
    notes: file.notes,
    findings: file.findings.map((finding) => ({ line: finding.line, envVar: finding.envVar, ruleId: finding.ruleId, redacted: finding.redacted })),
  }));
  const count = (status: ReportFileStatus): number => files.filter((file) => file.status === status).length;
  const fileNotes = new Set(plan.files.flatMap((file) => file.notes));
  return {
    version: 1,
    dryRun: options.dryRun,
    nothingToMigrate: plan.writes.length === 0 && plan.untrack.length === 0,
    summary: { changed: count('changed'), manual: count('manual'), untracked: count('untracked'), values: plan.values.length, writes: plan.writes.length },
    files,
    values: plan.values.map((value) => ({
      envVar: value.name,
      provider: value.provider,
      ruleId: value.ruleId,
      redacted: value.redacted,
      ...(options.reveal ? { secret: value.secret } : {}),
      docsUrl: value.docsUrl,
      sites: value.sites,
      env: value.env,
      commits: options.historySearched ? (value.commits ?? []) : null,
      why: value.why,
    })),
    writes: plan.writes.map((write) => ({ path: write.path, kind: write.kind, created: write.before === undefined, mode: write.mode === undefined ? undefined : write.mode.toString(8) })),
    untracked: plan.untrack,
    replaceTextFile: plan.values.length > 0 ? REPLACE_TEXT_PATH : undefined,
    purge: plan.values.length > 0 && options.repoTop && options.root ? purgeCommands(options.repoTop, `${options.root}/${REPLACE_TEXT_PATH}`) : undefined,
    notes: [...plan.notes.filter((note) => !fileNotes.has(note))],
    diff: options.diff,
  };
}

/** POSIX shell quoting, for paths in printed commands. */
function shellQuote(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

export function purgeCommands(repoTop: string, replaceText: string): string[] {
  const clone = `${repoTop.replace(/\/+$/, '')}-purge.git`;
  return [
    `git clone --mirror ${shellQuote(repoTop)} ${shellQuote(clone)}`,
    `git -C ${shellQuote(clone)} filter-repo --replace-text ${shellQuote(replaceText)}`,
    `cd ${shellQuote(clone)} && leakguard scan --history`,
  ];
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function formatMigrationText(report: MigrationReport, color: boolean): string {
  const c = picocolors.createColors(color);
  const out: string[] = [];
  const verb = report.dryRun ? 'would ' : '';
  if (report.values.length === 0) {
    return `leakguard migrate: nothing to migrate (no hardcoded credentials found)\n`;
  }
  const { changed, manual, untracked } = report.summary;
  if (report.nothingToMigrate) {
    out.push(
      c.bold(`leakguard migrate: nothing to migrate`) +
        (manual > 0 ? ` automatically; ${plural(manual, 'file')} still need${manual === 1 ? 's' : ''} manual work` : ' (already done)'),
    );
  } else {
    const parts = [`${verb}change ${plural(changed, 'file')}`];
    if (untracked > 0) parts.push(`${verb}untrack ${untracked}`);
    if (manual > 0) parts.push(`${manual} need${manual === 1 ? 's' : ''} manual work`);
    out.push(c.bold(`leakguard migrate${report.dryRun ? ' --dry-run' : ''}: ${parts.join(', ')}; ${plural(report.values.length, 'value')} in .env`));
  }

  const shownFiles = report.nothingToMigrate ? report.files.filter((file) => file.status === 'manual') : report.files;
  if (shownFiles.length > 0) {
    out.push('', c.bold('Files'));
    const width = Math.min(48, Math.max(...shownFiles.map((file) => file.path.length)));
    for (const file of shownFiles) {
      const label = { changed: c.green('changed  '), manual: c.yellow('manual   '), untracked: c.cyan('untracked') }[file.status];
      const names = [...new Set(file.findings.map((finding) => finding.envVar))].join(', ');
      const detail = file.status === 'changed' ? `→ ${names}` : (file.reason ?? '');
      out.push(`  ${label} ${file.path.padEnd(width)}  ${detail}`);
      for (const note of file.notes) out.push(`  ${' '.repeat(9)} ${' '.repeat(width)}  ${c.dim(`note: ${note}`)}`);
    }
  }

  out.push('', c.bold('Values') + c.dim(' (rotate each one: a value that was ever committed or pushed is compromised)'));
  const nameWidth = Math.max(...report.values.map((value) => value.envVar.length));
  for (const value of report.values) {
    const shown = value.secret ?? value.redacted;
    const where = plural(value.sites.length, 'place');
    const history =
      value.commits === null ? 'history not searched' : value.commits.length === 0 ? 'not in git history' : `in ${plural(value.commits.length, 'commit')}: ${value.commits.slice(0, 5).join(', ')}${value.commits.length > 5 ? ', …' : ''}`;
    out.push(`  ${value.envVar.padEnd(nameWidth)}  ${shown}  ${providerLabel(value.provider)}, ${where}, ${history}`);
    out.push(`  ${' '.repeat(nameWidth)}  ${c.dim(`rotate at ${value.docsUrl}`)}${value.why ? c.dim(` · ${value.why}`) : ''}`);
  }

  if (report.writes.length > 0 || report.untracked.length > 0) {
    out.push('', c.bold(report.dryRun ? 'Would write' : 'Written'));
    for (const write of report.writes) {
      out.push(`  ${write.created ? 'new     ' : 'updated '} ${write.path}${write.mode ? c.dim(` (mode ${write.mode})`) : ''}`);
    }
    for (const path of report.untracked) out.push(`  ${'untrack '} ${path} ${c.dim('(git rm --cached; kept on disk, ignored)')}`);
  }

  if (report.notes.length > 0) {
    out.push('', c.bold('Notes'));
    for (const note of report.notes) out.push(`  - ${note}`);
  }

  out.push('', c.bold('Next steps'));
  const steps: string[] = [];
  if (report.dryRun) steps.push('Run `leakguard migrate` without --dry-run to apply these changes.');
  steps.push('Rotate every value listed above at its provider page, then put the new value in .env (it is gitignored).');
  if (report.purge) {
    steps.push(
      `Old values stay in git history. After rotating, you may purge them (this rewrites history: coordinate with everyone who cloned; forks and pull-request refs keep the old commits, which is why rotation comes first). git filter-repo runs only in a fresh clone, so make one and give it ${report.replaceTextFile} by its absolute path:\n${report.purge.map((command) => `       ${command}`).join('\n')}\n     then push the clean refs from the mirror to your remote with --force (git push --force --mirror <remote-url>).`,
    );
  } else if (report.replaceTextFile) {
    steps.push(`Old values stay in git history: ${report.replaceTextFile} lists them for git filter-repo --replace-text (run it in a fresh clone, with the file's absolute path).`);
  }
  if (manual > 0) steps.push('Finish the files marked manual, following the reason given for each.');
  if (!report.dryRun && !report.nothingToMigrate) steps.push('Review with `git status` and `git diff`, run your code, then commit.');
  steps.forEach((step, index) => out.push(`  ${index + 1}. ${step}`));
  return `${out.join('\n')}\n`;
}
