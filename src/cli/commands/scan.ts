import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AuditFacts, ScanResult, OutputFormat } from '../../types/index.js';
import { formatReport } from '../../reporters/index.js';
import { EXIT, UsageError } from '../../util/errors.js';
import { parseCommandArgs, oneOf, positiveInt } from '../args.js';
import { emit, readAllStdin, useColor, type CliIO } from '../io.js';
import { progressLine } from '../progress.js';
import { toolVersion } from '../version.js';

const HELP = `Usage: leakguard scan [PATH... | -] [options]

Scans files (default: the current directory), standard input (\`-\`), or with a git option,
what git holds. With --range, --since or --history, PATH is the repository to read (a
directory in it; default: the current directory's); with --staged, the staged paths to scan.

Sources (at most one):
  --staged              what the next commit will contain, read from the index (the hook)
  --range A..B          every commit in the range (CI: origin/main..HEAD)
  --since REV           every commit after REV up to HEAD
  --history             every commit reachable from every ref
  --pre-push            the commits a push sends, read from git's pre-push hook input on
                        stdin (new branches: the commits no remote-tracking ref has)
  -                     standard input, as one file (editors, other tools' pipelines)
  --stdin-filename PATH the path standard input stands for: rules scoped to paths,
                        notebooks, ignorePaths and the report use it (default: stdin)

Output:
  --format FORMAT       text (default), json, sarif, github, html (an audit page: states,
                        timeline, authors, rotation order, what migrate would change)
  --output FILE         write the report to FILE instead of stdout
  --reveal              print full secret values (redacted by default)
  --no-color            no colour, even on a terminal (NO_COLOR is honoured too)
  -q, --quiet           print nothing when nothing is found, but notes (on stderr);
                        findings print as usual

Filtering:
  --config FILE         config file (default: .leakguard.json in this directory or above)
  --baseline FILE       ignore findings accepted in a baseline (see leakguard baseline)
  --no-gitignore        also scan files that .gitignore excludes
  --verify              ask each provider whether a found key is live (network; opt-in;
                        --staged also verifies when your own config sets verifyOnCommit:
                        ~/.config/leakguard/config.json or LEAKGUARD_VERIFY_ON_COMMIT=1)

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
  'pre-push': { type: 'boolean' },
  'stdin-filename': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
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
  const gitModes = [values.staged, values.range, values.since, values.history, values['pre-push']].filter(Boolean).length;
  if (gitModes > 1) throw new UsageError('scan: use only one of --staged, --range, --since, --history, --pre-push');
  const stdin = positionals.some(isStdin);
  if (stdin && (positionals.length > 1 || gitModes > 0)) throw new UsageError('scan: `-` (standard input) takes no other path or git option');
  if (values['stdin-filename'] !== undefined && !stdin) throw new UsageError('scan: --stdin-filename needs `-` (standard input)');
  const threads = positiveInt('threads', values.threads);
  const quiet = values.quiet ?? false;
  const progress = progressLine(quiet ? { ...io, stderrIsTTY: false } : io, 'leakguard: scanned');

  // Where git runs: --staged and --pre-push are hooks, run where git runs them.
  const gitCwd = gitModes === 0 || values.staged || values['pre-push'] ? io.cwd : repositoryDirectory(io.cwd, positionals, gitOption(values));

  let result: ScanResult;
  if (stdin) {
    const { scanStdin } = await import('../stdin.js');
    result = await scanStdin({ cwd: io.cwd, path: values['stdin-filename'] ?? 'stdin', configFile: values.config, baselineFile: values.baseline, read: () => readAllStdin(io) });
  } else if (gitModes === 1) {
    const { scanGit } = await import('../../sources/git/scan-git.js');
    const mode = values.staged
      ? ({ kind: 'staged', paths: positionals } as const)
      : values['pre-push']
        ? await prePushMode(io)
        : values.range
          ? ({ kind: 'range', range: values.range } as const)
          : values.since
            ? ({ kind: 'since', rev: values.since } as const)
            : ({ kind: 'history' } as const);
    result = await scanGit({ cwd: gitCwd, mode, configFile: values.config, baselineFile: values.baseline, onProgress: progress.update });
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
  const verify = values.verify ?? (values.staged === true && result.findings.length > 0 && (await verifyOnCommit(io.env)));
  if (verify && result.findings.length > 0) {
    const { verifyFindings } = await import('../../verify/index.js');
    await verifyFindings(result.findings, { env: io.env });
  }

  const color = format === 'text' && !values.output && useColor(io, io.stdoutIsTTY, values.color);
  const reveal = values.reveal ?? false;
  // Only the HTML page reads git beyond the scan and runs the migrate planner; loaded on demand.
  const audit = format === 'html' ? await collectAudit(io, result, { cwd: gitCwd, gitModes, values, positionals, reveal }) : undefined;
  const report =
    values.staged && format === 'text' && result.findings.length > 0
      ? await (await import('../../hook/explain.js')).explainStagedFindings(result, { cwd: io.cwd, reveal, color, env: io.env })
      : formatReport(format, result, { reveal, color, toolVersion: toolVersion(), ...(audit ? { audit } : {}) });
  // Quiet: a clean result prints only its notes (a skipped file, a removed secret that history
  // still holds), on stderr; a requested --output file is still written.
  if (quiet && result.findings.length === 0 && !values.output) {
    const { summarizeNotes } = await import('../../reporters/notes.js');
    // What was passed over still shows (one line for many binaries); only the tally is left out.
    const notes = (result.notes ?? []).filter((note) => note.reason !== 'summary');
    for (const note of summarizeNotes(notes)) io.stderr(`leakguard: note: ${note.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')}\n`);
  } else emit(io, report, values.output, values.reveal === true);
  return result.findings.length > 0 ? EXIT.findings : EXIT.clean;
}

/** `-`, and the names of standard input, which the file walker would skip as not a regular file. */
function isStdin(path: string): boolean {
  return path === '-' || path === '/dev/stdin' || path === '/dev/fd/0' || path === '/proc/self/fd/0';
}

async function prePushMode(io: CliIO) {
  const { pushedRevisions } = await import('../../hook/pre-push.js');
  return pushedRevisions(io.cwd, (await readAllStdin(io)).toString('utf8'));
}

/**
 * `verifyOnCommit` from the user's own config or LEAKGUARD_VERIFY_ON_COMMIT, never from the
 * repository; read only when a staged scan found something, so clean commits pay nothing.
 */
async function verifyOnCommit(env: NodeJS.ProcessEnv): Promise<boolean> {
  const { loadUserSettings } = await import('../../config/user-settings.js');
  return loadUserSettings(env).verifyOnCommit;
}

function gitOption(values: { range?: string; since?: string }): string {
  return values.range !== undefined ? '--range' : values.since !== undefined ? '--since' : '--history';
}

/**
 * `scan PATH --history` (or --range, --since) reads the repository PATH is in, as if leakguard ran
 * there: its config, its refs, its whole history. Without PATH, the current directory's. Left
 * unchecked, PATH was ignored and the current directory's repository scanned in its place: a
 * clean report on the wrong repository.
 */
function repositoryDirectory(cwd: string, positionals: readonly string[], option: string): string {
  if (positionals.length === 0) return cwd;
  if (positionals.length > 1) throw new UsageError(`scan ${option}: give at most one PATH, the repository to read (got ${positionals.length})`);
  const directory = resolve(cwd, positionals[0]!);
  let stats;
  try {
    stats = statSync(directory);
  } catch {
    throw new UsageError(`scan ${option}: ${positionals[0]} does not exist`);
  }
  if (!stats.isDirectory()) throw new UsageError(`scan ${option}: ${positionals[0]} is not a directory; PATH names the repository to read, and its whole history is scanned`);
  return directory;
}

interface AuditRequest {
  cwd: string;
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
    cwd: request.cwd,
    scope,
    treeScan: request.gitModes === 0,
    configFile: values.config === undefined ? undefined : resolve(io.cwd, values.config),
    paths: request.gitModes === 0 ? positionals : undefined,
    reveal: request.reveal,
  });
}
