import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { EXIT, LeakguardError, UsageError } from '../../util/errors.js';
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
  const { root, only } = migrationScope(io.cwd, positionals);
  const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
  const style = oneOf('style', values.style, ['resolver', 'env'] as const, 'resolver');
  const failAfter = io.env['LEAKGUARD_TEST_FAIL_AFTER_WRITES'];

  const { migrate, formatMigrationText } = await import('../../migrate/index.js');
  const { report } = await migrate({
    root,
    only,
    configFile: values.config === undefined ? undefined : resolve(io.cwd, values.config),
    dryRun: values['dry-run'] ?? false,
    allowDirty: values['allow-dirty'] ?? false,
    style,
    history: values.history ?? true,
    reveal: values.reveal ?? false,
    failAfterWrites: failAfter === undefined ? undefined : Number(failAfter),
  });

  if (values.stage && !report.dryRun) stageWrites(root, report.writes);

  if (format === 'json') {
    emit(io, `${JSON.stringify(report, null, 2)}\n`, values.output);
  } else {
    const color = !values.output && useColor(io, io.stdoutIsTTY, values.color);
    const text = (report.diff ?? '') + (report.diff ? '\n' : '') + formatMigrationText(report, color);
    emit(io, text, values.output);
  }
  return report.summary.manual > 0 ? EXIT.findings : EXIT.clean;
}

/**
 * `migrate` (the current directory), `migrate DIR` (that project root), or `migrate FILE...`
 * (only those files, in the repository that holds them: what the hook's block message suggests).
 */
function migrationScope(cwd: string, positionals: string[]): { root: string; only?: string[] } {
  const targets = positionals.map((path) => resolve(cwd, path));
  const isFile = targets.map((target) => existsSync(target) && statSync(target).isFile());
  if (targets.length === 0) return { root: cwd };
  if (isFile.every(Boolean)) {
    const root = gitTopLevel(cwd) ?? cwd;
    const only = targets.map((target) => relative(root, target).split(sep).join('/'));
    if (only.some((path) => path.startsWith('..'))) throw new UsageError(`migrate: ${positionals.join(' ')} is outside ${root}`);
    return { root, only };
  }
  if (targets.length > 1) throw new UsageError('migrate: give one project directory, or one or more files');
  return { root: targets[0] ?? cwd };
}

/** `.env` holds the values and the replace-text file lists them: both stay out of git. */
const STAGED_KINDS = new Set(['source', 'generated', 'template', 'ignore']);

function stageWrites(root: string, writes: readonly { path: string; kind: string }[]): void {
  const paths = [...new Set(writes.filter((write) => STAGED_KINDS.has(write.kind)).map((write) => write.path))];
  if (paths.length === 0) return;
  const result = spawnSync('git', ['add', '--', ...paths], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new LeakguardError(`migrate --stage: the files were written, but git add failed: ${(result.stderr || result.error?.message || '').trim().split('\n')[0]}`);
  }
}

function gitTopLevel(cwd: string): string | undefined {
  const result = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}
