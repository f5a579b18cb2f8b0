import { existsSync, statSync, writeSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { EXIT, LeakguardError, UsageError } from '../../util/errors.js';
import { gitCommand } from '../../git/commands.js';
import { parseCommandArgs, oneOf } from '../args.js';
import { emit, useColor, type CliIO } from '../io.js';

const HELP = `Usage: leakguard migrate [DIR | FILE...] [options]

Moves hardcoded credentials out of the code in DIR (default: the current directory), or out of
only the given FILEs of the repository that holds them: each value
goes into a gitignored .env (mode 600) and every place that held it reads the variable instead,
in the idiom of its file (resolver calls in Python and TS/JS, \${X:?…} in shell, secrets in CI
YAML, placeholders in docs). Tracked credential files (.env, .netrc, token files) are untracked
and kept on disk. Writes .env.example, .gitignore and .dockerignore entries, and a report with
the commits that hold each value and where to rotate it. Never rewrites git history.

Options:
  --dry-run           print a unified diff of every change and the report; write nothing
  --allow-dirty       proceed even if files it would change have uncommitted changes
  --stage             git add every file it wrote (the rewritten code, the generated
                      resolver, .env.example, .gitignore), never .env: what the hook's
                      block message runs, so the commit holds a complete fix
  --style STYLE       resolver (default): call the generated get_secret/getSecret resolver
                      env: plain os.environ[...] / process.env.X lookups
  --format FORMAT     text (default) or json (the report as one JSON object)
  --output FILE       write the report to FILE instead of stdout
  --reveal            show full values in the report and diff (redacted by default)
  --no-history        skip the search of git history for each value
  --config FILE       config file (default: .leakguard.json in PATH)
  --no-color          no colour, even on a terminal

Exit codes: 0 migrated (or nothing to migrate), 1 some values still need manual work,
2 error (nothing was changed), 3 refused: uncommitted changes (use --allow-dirty).
`;

const OPTIONS = {
  'dry-run': { type: 'boolean' },
  'allow-dirty': { type: 'boolean' },
  stage: { type: 'boolean' },
  style: { type: 'string' },
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  reveal: { type: 'boolean' },
  history: { type: 'boolean' },
  config: { type: 'string', short: 'c' },
  color: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function migrateCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('migrate', argv, OPTIONS);
  if (values.help) {
    io.stdout(HELP);
    return EXIT.clean;
  }
  const { root, only } = await migrationScope(io.cwd, positionals);
  const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
  const style = oneOf('style', values.style, ['resolver', 'env'] as const, 'resolver');
  const failAfter = io.env['LEAKGUARD_TEST_FAIL_AFTER_WRITES'];

  const { migrate, formatMigrationText } = await import('../../migrate/index.js');
  const guard = new SignalGuard(io);
  let report: Awaited<ReturnType<typeof migrate>>['report'];
  try {
    ({ report } = await migrate({
    root,
    only,
    configFile: values.config === undefined ? undefined : resolve(io.cwd, values.config),
    dryRun: values['dry-run'] ?? false,
    allowDirty: values['allow-dirty'] ?? false,
    style,
    history: values.history ?? true,
    reveal: values.reveal ?? false,
    failAfterWrites: failAfter === undefined ? undefined : Number(failAfter),
    onApplyStart: () => guard.applying(),
    onProgress: holdHook(io.env['LEAKGUARD_TEST_HOLD_AT']),
    }));
    // A signal that arrived during the (synchronous) apply is delivered within a few turns of
    // the event loop; give it those turns before deciding the exit code.
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setTimeout(resolve, 2));
  } finally {
    guard.release();
  }

  if (values.stage && !report.dryRun) await stageWrites(root, report.writes);

  if (format === 'json') {
    emit(io, `${JSON.stringify(report, null, 2)}\n`, values.output);
  } else {
    const color = !values.output && useColor(io, io.stdoutIsTTY, values.color);
    const text = (report.diff ?? '') + (report.diff ? '\n' : '') + formatMigrationText(report, color);
    emit(io, text, values.output);
  }
  if (guard.received) {
    io.stderr(`leakguard migrate: ${guard.received} arrived while the changes were being written; they were all written (see above)\n`);
    return EXIT.interrupted;
  }
  return report.summary.manual > 0 ? EXIT.findings : EXIT.clean;
}

/**
 * SIGINT / SIGTERM during migrate. Before the first write nothing has changed: the signal is
 * re-raised and the process ends as it would have. Once the apply has begun it runs to its end
 * (it is synchronous, so the handler cannot even run until then): the signal is reported and the
 * exit code is 130, with every planned file written and no temp file left.
 */
class SignalGuard {
  received: NodeJS.Signals | undefined;
  private started = false;
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    if (!this.started) {
      this.release();
      this.io.stderr(`leakguard migrate: ${signal}: stopped before changing anything\n`);
      process.kill(process.pid, signal);
      return;
    }
    this.received = signal;
  };

  constructor(private readonly io: CliIO) {
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
  }

  applying(): void {
    this.started = true;
  }

  release(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
  }
}

/**
 * Test hook (LEAKGUARD_TEST_HOLD_AT=N:tmp|N:done): block for a few seconds at that point of the
 * apply, after telling stderr, so a test can send a real signal there. Nothing else reads it.
 */
function holdHook(spec: string | undefined): ((event: { writes: number; phase: 'tmp' | 'done' }) => void) | undefined {
  const match = spec === undefined ? null : /^(\d+):(tmp|done)$/.exec(spec);
  if (!match) return undefined;
  const at = Number(match[1]);
  return (event) => {
    if (event.writes !== at || event.phase !== match[2]) return;
    writeSync(2, `leakguard-test: holding at ${spec}\n`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 4000);
  };
}

/**
 * `migrate` (the current directory), `migrate DIR` (that project root), or `migrate FILE...`
 * (only those files, in the repository that holds them: what the hook's block message suggests).
 */
async function migrationScope(cwd: string, positionals: string[]): Promise<{ root: string; only?: string[] }> {
  const targets = positionals.map((path) => resolve(cwd, path));
  const isFile = targets.map((target) => existsSync(target) && statSync(target).isFile());
  if (targets.length === 0) return { root: cwd };
  if (isFile.every(Boolean)) {
    const root = (await gitTopLevel(cwd)) ?? cwd;
    const only = targets.map((target) => relative(root, target).split(sep).join('/'));
    if (only.some((path) => path.startsWith('..'))) throw new UsageError(`migrate: ${positionals.join(' ')} is outside ${root}`);
    return { root, only };
  }
  if (targets.length > 1) throw new UsageError('migrate: give one project directory, or one or more files');
  return { root: targets[0] ?? cwd };
}

/** `.env` holds the values and the replace-text file lists them: both stay out of git. */
const STAGED_KINDS = new Set(['source', 'generated', 'template', 'ignore']);

async function stageWrites(root: string, writes: readonly { path: string; kind: string }[]): Promise<void> {
  const paths = [...new Set(writes.filter((write) => STAGED_KINDS.has(write.kind)).map((write) => write.path))];
  if (paths.length === 0) return;
  let failure: string | undefined;
  try {
    const run = await gitCommand(root, ['add', '--', ...paths]);
    if (run.code !== 0) failure = run.stderr;
  } catch (error) {
    failure = (error as Error).message;
  }
  if (failure !== undefined) {
    throw new LeakguardError(`migrate --stage: the files were written, but git add failed: ${failure.trim().split('\n')[0]}`);
  }
}

async function gitTopLevel(cwd: string): Promise<string | undefined> {
  const run = await gitCommand(cwd, ['rev-parse', '--show-toplevel']).catch(() => undefined);
  return run?.code === 0 ? run.stdout.trim() : undefined;
}
