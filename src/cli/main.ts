import { LeakguardError, EXIT, isLeakguardError } from '../util/errors.js';
import { processIO, type CliIO } from './io.js';

export type Command = (argv: string[], io: CliIO) => Promise<number>;

// Each command is imported only when it runs: `scan --staged` never loads migrate's parsers.
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  scan: { summary: 'find credentials in files, staged changes, a commit range or history', load: async () => (await import('./commands/scan.js')).scanCommand },
  baseline: { summary: 'accept the current findings of a legacy repo (hash-only file)', load: async () => (await import('./commands/baseline.js')).baselineCommand },
  migrate: { summary: 'rewrite hardcoded credentials into resolver calls, values into .env', load: async () => (await import('./commands/migrate.js')).migrateCommand },
  check: { summary: 'show which credentials resolve and from where (never their values)', load: async () => (await import('./commands/check.js')).checkCommand },
  install: { summary: 'install the pre-commit hook (husky, or the git hooks directory without npm)', load: async () => (await import('./commands/install.js')).installCommand },
  uninstall: { summary: 'remove what install added', load: async () => (await import('./commands/install.js')).uninstallCommand },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`);
  return [
    'leakguard: keep machine-learning credentials out of git',
    '',
    'Usage: leakguard <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `leakguard <command> --help` for a command\'s options. Exit codes: 0 clean, 1 findings, 2 error.',
    '',
  ].join('\n');
}

/** Runs the CLI and returns the exit code; never calls process.exit, so output is flushed. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((arg) => arg !== '--debug');
  const [name, ...rest] = args;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.stdout(usage());
      return name === undefined ? EXIT.error : EXIT.clean;
    }
    if (name === '--version' || name === '-v') {
      const { toolVersion } = await import('./version.js');
      io.stdout(`${toolVersion()}\n`);
      return EXIT.clean;
    }
    const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!entry) throw new LeakguardError(`unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')})`);
    const command = await entry.load();
    return await command(rest, io);
  } catch (error) {
    if (isLeakguardError(error)) {
      io.stderr(`leakguard: ${error.message}\n`);
      if (debug && error.stack) io.stderr(`${error.stack}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`leakguard: internal error: ${message.split('\n')[0]}${debug ? '' : ' (run with --debug for details)'}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return EXIT.error;
  }
}
