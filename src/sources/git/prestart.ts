import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_MAX_FILE_SIZE, findConfigFile } from '../../config/config-file.js';
import { readRegularFile } from '../../util/safe-read.js';
import { logArgs, spawnLog, type LogRun } from './log-process.js';

/**
 * `scan --history` (and `--range`, `--since`) can start git before the CLI's modules load. At a
 * few hundred commits git's whole run is shorter than our start-up; started by the launcher,
 * git reads the object store while Node loads the parser, the scanner and the rules, and the
 * scan finds its output waiting.
 *
 * The launcher knows only argv, so the size limit git is started with is a guess from the raw
 * config file. The scan adopts the running git only when its own arguments, built from the
 * validated config, are exactly the same; otherwise the early git is stopped and a new one
 * started. A wrong guess costs a spawn, never a finding.
 */

/** Shared through the global object: the launcher's copy of this module is not the CLI's. */
const PRESTARTED = Symbol.for('leakguard.prestartedLog');

interface Prestarted {
  cwd: string;
  args: readonly string[];
  run: LogRun;
}

type Holder = { [PRESTARTED]?: Prestarted | undefined };

/** Larger config files are left to the real loader. */
const CONFIG_GUESS_CAP = 1024 * 1024;

/**
 * Starts the `git log` of `leakguard <argv>` when argv is a `scan --history`, `--range` or
 * `--since`; returns whether it did. Call it first thing, with the arguments the CLI will get
 * and the directory it will scan. Never throws: anything unexpected means "not started", and
 * the scan starts git itself.
 */
export function prestartCommitScan(argv: readonly string[], cwd: string = process.cwd()): boolean {
  try {
    const request = commitScanRequest(argv);
    if (!request || holder()[PRESTARTED]) return false;
    // `scan PATH --history` reads PATH's repository (scan.ts, repositoryDirectory); one that is
    // not a directory is the CLI's usage error to report, with no git started.
    const directory = request.path === undefined ? cwd : resolve(cwd, request.path);
    if (request.path !== undefined && !statSync(directory, { throwIfNoEntry: false })?.isDirectory()) return false;
    // topoOrder and mergeDiffs as scanCommits asks for them; a difference would only restart git.
    const maxFileSize = guessMaxFileSize(request.configFile === undefined ? findConfigFile(directory) : resolve(cwd, request.configFile));
    const args = logArgs({ revisions: request.revisions, maxFileSize, topoOrder: true, mergeDiffs: true });
    const run = spawnLog(directory, args);
    // Until the scan takes it over, git must not keep the process alive: a command that fails
    // before scanning (a bad config) exits, and git is stopped with it.
    setHeld(run, false);
    const stopUnadopted = () => {
      if (holder()[PRESTARTED]?.run === run) run.child.kill();
    };
    process.once('exit', stopUnadopted);
    run.exited.then(() => process.removeListener('exit', stopUnadopted), () => undefined);
    holder()[PRESTARTED] = { cwd: directory, args, run };
    return true;
  } catch {
    return false;
  }
}

/**
 * The git started by prestartCommitScan, if it runs `args` in `cwd`: the caller reads it from
 * its first byte. One that runs anything else is stopped. Either way it is handed out once.
 */
export function adoptPrestartedLog(cwd: string, args: readonly string[]): LogRun | undefined {
  const prestarted = holder()[PRESTARTED];
  if (!prestarted) return undefined;
  holder()[PRESTARTED] = undefined;
  if (prestarted.cwd !== cwd || !sameArgs(prestarted.args, args)) {
    prestarted.run.child.kill();
    return undefined;
  }
  setHeld(prestarted.run, true);
  return prestarted.run;
}

const holder = (): Holder => globalThis as Holder;

function sameArgs(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((arg, index) => arg === b[index]);
}

/** Whether git's process and pipes keep the event loop alive. */
function setHeld(run: LogRun, held: boolean): void {
  for (const handle of [run.child, run.child.stdout, run.child.stderr] as unknown as { ref?: () => void; unref?: () => void }[]) {
    if (held) handle.ref?.();
    else handle.unref?.();
  }
}

/**
 * The `git log` revisions of `scan --history`, `--range A..B` or `--since REV` (as
 * scan-commits.ts builds them), the `--config` file and the PATH argument, or undefined for any
 * other command. Only a guess: an argument that merely looks like one of these (an option's
 * value) starts a git that nothing adopts, and it is stopped at exit.
 */
export function commitScanRequest(argv: readonly string[]): { revisions: string[]; configFile?: string; path?: string } | undefined {
  const args = argv.filter((arg) => arg !== '--debug');
  if (args[0] !== 'scan') return undefined;
  let configFile: string | undefined;
  const selections: (string[] | undefined)[] = [];
  const positionals: string[] = [];
  for (let index = 1; index < args.length; index++) {
    const arg = args[index]!;
    if (NOT_A_COMMIT_SCAN.has(arg)) return undefined;
    if (!arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = equals === -1 ? arg : arg.slice(0, equals);
    const value = (): string | undefined => (equals === -1 ? args[++index] : arg.slice(equals + 1));
    if (name === '--history') selections.push(['--all']);
    else if (name === '--range') selections.push(revisionArgs(value()));
    else if (name === '--since') selections.push(revisionArgs(value(), '..HEAD'));
    else if (name === '--config' || name === '-c') configFile = value();
    else if (arg.startsWith('-c') && !arg.startsWith('--')) configFile = arg.slice(2);
    else if (TAKES_VALUE.has(name)) value();
  }
  const revisions = selections.length === 1 ? selections[0] : undefined;
  if (!revisions || positionals.length > 1) return undefined;
  const [path] = positionals;
  return { revisions, ...(configFile === undefined ? {} : { configFile }), ...(path === undefined ? {} : { path }) };
}

/** The scan options, besides those read above, whose value is the next argument (scan.ts). */
const TAKES_VALUE = new Set(['--stdin-filename', '--format', '-f', '--output', '-o', '--baseline', '-b', '--threads']);

/** Arguments after which the command is not a commit scan (or not one we can predict). */
const NOT_A_COMMIT_SCAN = new Set(['--', '-', '--help', '-h', '--staged', '--pre-push']);

/** As scan-commits.ts passes a range: undefined for what it rejects, so nothing starts. */
function revisionArgs(revision: string | undefined, suffix = ''): string[] | undefined {
  if (revision === undefined || revision.trim() === '' || /[\n\0]/.test(revision)) return undefined;
  return ['--end-of-options', `${revision}${suffix}`];
}

/**
 * maxFileSize from the config file the scan will read (the explicit one, or the nearest
 * `.leakguard.json` up to the repository root), without validating it: the scan's own loader
 * does that, and a different value only means git is started again.
 */
function guessMaxFileSize(file: string | undefined): number {
  if (file === undefined) return DEFAULT_MAX_FILE_SIZE;
  // Bounded, regular files only, opened non-blocking: a config that is a FIFO must not hang the launcher.
  const read = readRegularFile(file, CONFIG_GUESS_CAP);
  if (read.kind !== 'ok') return DEFAULT_MAX_FILE_SIZE;
  try {
    const value = (JSON.parse(read.data.toString('utf8').replace(/^\uFEFF/, '')) as { maxFileSize?: unknown }).maxFileSize;
    return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : DEFAULT_MAX_FILE_SIZE;
  } catch {
    return DEFAULT_MAX_FILE_SIZE;
  }
}
