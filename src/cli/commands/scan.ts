import { resolve } from 'node:path';
import type { AuditFacts, ScanResult, OutputFormat } from '../../types/index.js';
import { formatReport } from '../../reporters/index.js';
import { EXIT, UsageError } from '../../util/errors.js';
import { parseCommandArgs, oneOf, positiveInt } from '../args.js';
import { emit, useColor, type CliIO } from '../io.js';
import { progressLine } from '../progress.js';
import { toolVersion } from '../version.js';

const HELP = `Usage: leakguard scan [PATH...] [options]

Scans files (default: the current directory), or with a git option, what git holds.

Sources (at most one):
  --staged              what the next commit will contain, read from the index (the hook)
  --range A..B          every commit in the range (CI: origin/main..HEAD)
  --since REV           every commit after REV up to HEAD
  --history             every commit reachable from every ref

Output:
  --format FORMAT       text (default), json, sarif, github, html (an audit page: states,
                        timeline, authors, rotation order, what migrate would change)
  --output FILE         write the report to FILE instead of stdout
  --reveal              print full secret values (redacted by default)
  --no-color            no colour, even on a terminal (NO_COLOR is honoured too)

Filtering:
  --config FILE         config file (default: .leakguard.json in this directory or above)
  --baseline FILE       ignore findings accepted in a baseline (see leakguard baseline)
  --no-gitignore        also scan files that .gitignore excludes
  --verify              ask each provider whether a found key is live (network; opt-in;
                        --staged also verifies when the config sets verifyOnCommit)

Other:
  --threads N           worker threads (default: all cores for large trees, 1 for small)
  --debug               stack traces for errors

Exit codes: 0 no findings, 1 findings, 2 error.
`;

const OPTIONS = {
  staged: { type: 'boolean' },
  range: { type: 'string' },
  since: { type: 'string' },
  history: { type: 'boolean' },
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  reveal: { type: 'boolean' },
  color: { type: 'boolean' },
  config: { type: 'string', short: 'c' },
  baseline: { type: 'string', short: 'b' },
  gitignore: { type: 'boolean' },
  verify: { type: 'boolean' },
  threads: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif', 'github', 'html'];

export async function scanCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('scan', argv, OPTIONS);
  if (values.help) {
    io.stdout(HELP);
    return EXIT.clean;
  }
  const format = oneOf('format', values.format, FORMATS, 'text');
  const gitModes = [values.staged, values.range, values.since, values.history].filter(Boolean).length;
  if (gitModes > 1) throw new UsageError('scan: use only one of --staged, --range, --since, --history');
  const threads = positiveInt('threads', values.threads);
  const progress = progressLine(io, 'leakguard: scanned');

  let result: ScanResult;
  if (gitModes === 1) {
    const { scanGit } = await import('../../sources/git/scan-git.js');
    const mode = values.staged
      ? ({ kind: 'staged', paths: positionals } as const)
      : values.range
        ? ({ kind: 'range', range: values.range } as const)
        : values.since
          ? ({ kind: 'since', rev: values.since } as const)
          : ({ kind: 'history' } as const);
    result = await scanGit({ cwd: io.cwd, mode, configFile: values.config, baselineFile: values.baseline, onProgress: progress.update });
  } else {
    // Loaded here, not at the top: the engine pulls in fast-glob, which the hook never needs.
    const { scanTree } = await import('../../engine.js');
    result = await scanTree({
      cwd: io.cwd,
      paths: positionals,
      configFile: values.config,
      baselineFile: values.baseline,
      threads: threads ?? 'auto',
      gitignore: values.gitignore ?? true,
      onProgress: progress.update,
    });
  }
  progress.done();

  // The hook (`--staged`) verifies only when the config opts in; `--no-verify` overrides it.
  const verify = values.verify ?? (values.staged === true && result.findings.length > 0 && (await verifyOnCommit(io.cwd, values.config)));
  if (verify && result.findings.length > 0) {
    const { verifyFindings } = await import('../../verify/index.js');
    await verifyFindings(result.findings, { env: io.env });
  }

  const color = format === 'text' && !values.output && useColor(io, io.stdoutIsTTY, values.color);
  const reveal = values.reveal ?? false;
  // Only the HTML page reads git beyond the scan and runs the migrate planner; loaded on demand.
  const audit = format === 'html' ? await collectAudit(io, result, { gitModes, values, positionals, reveal }) : undefined;
  const report =
    values.staged && format === 'text' && result.findings.length > 0
      ? await (await import('../../hook/explain.js')).explainStagedFindings(result, { cwd: io.cwd, reveal: values.reveal ?? false, color })
      : formatReport(format, result, { reveal, color, toolVersion: toolVersion(), ...(audit ? { audit } : {}) });
  emit(io, report, values.output);
  return result.findings.length > 0 ? EXIT.findings : EXIT.clean;
}

/** Config `verifyOnCommit`; read only when a staged scan found something, so clean commits pay nothing. */
async function verifyOnCommit(cwd: string, configFile: string | undefined): Promise<boolean> {
  const { findConfigFile, loadConfig } = await import('../../config/load.js');
  return (await loadConfig(cwd, configFile ?? findConfigFile(cwd))).verifyOnCommit;
}

interface AuditRequest {
  gitModes: number;
  values: { staged?: boolean; range?: string; since?: string; history?: boolean; config?: string };
  positionals: string[];
  reveal: boolean;
}

async function collectAudit(io: CliIO, result: ScanResult, request: AuditRequest): Promise<AuditFacts> {
  const { collectAuditFacts } = await import('../../audit/index.js');
  const { values, positionals } = request;
  const scope = values.staged
    ? 'the index (staged changes)'
    : values.range
      ? `commits in ${values.range}`
      : values.since
        ? `commits in ${values.since}..HEAD`
        : values.history
          ? 'every commit on every ref'
          : `the working tree${positionals.length > 0 ? ` (${positionals.join(', ')})` : ''}`;
  return collectAuditFacts(result, {
    cwd: io.cwd,
    scope,
    treeScan: request.gitModes === 0,
    configFile: values.config === undefined ? undefined : resolve(io.cwd, values.config),
    paths: request.gitModes === 0 ? positionals : undefined,
    reveal: request.reveal,
  });
}
