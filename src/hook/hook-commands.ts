/** The shell lines install puts in a hook. */

export interface Launcher {
  /** Absolute path of the node binary that ran `leakguard install`. */
  node: string;
  /** Absolute path of that installation's bin/leakguard.js. */
  script: string;
}

export type HookKind = 'pre-commit' | 'pre-push';

/** The project's own install: npm links it here, and git runs hooks from the work tree's root. */
export const LOCAL_BIN = 'node_modules/.bin/leakguard';

function scanArgs(kind: HookKind, baseline: string | undefined): string {
  const mode = kind === 'pre-push' ? 'scan --pre-push' : 'scan --staged';
  return baseline ? `${mode} --baseline ${shellWord(baseline)}` : mode;
}

/**
 * Husky: the project's own binary, directly. `npx --no -- leakguard` cost ~0.7 s per commit
 * (npm's start-up and lookup) on top of a scan that needs ~0.1 s; the binary is where npm
 * links it. Missing means `npm install` has not run: block, and say so.
 */
export function huskyHookBody(kind: HookKind, baseline: string | undefined): string[] {
  return [
    `if [ -x ${LOCAL_BIN} ]; then`,
    `  ${LOCAL_BIN} ${scanArgs(kind, baseline)} || exit $?`,
    'else',
    `  echo "leakguard: ${LOCAL_BIN} is missing, so this ${kind} check cannot run: run npm install (or skip it once with --no-verify)" >&2`,
    '  exit 1',
    'fi',
  ];
}

/**
 * The git hooks directory: the project's own install when it has one, then leakguard on PATH (a
 * global npm install), then the copy that ran `leakguard install`, by absolute path, for GUI git
 * clients whose PATH lacks npm's global bin (nvm, Homebrew). None present: block, and say how to
 * fix or skip.
 */
export function gitHookBody(kind: HookKind, launcher: Launcher, baseline: string | undefined): string[] {
  const args = scanArgs(kind, baseline);
  return [
    `if [ -x ${LOCAL_BIN} ]; then`,
    `  ${LOCAL_BIN} ${args} || exit $?`,
    'elif command -v leakguard >/dev/null 2>&1; then',
    `  leakguard ${args} || exit $?`,
    `elif [ -x ${shellWord(launcher.node)} ] && [ -f ${shellWord(launcher.script)} ]; then`,
    `  ${shellWord(launcher.node)} ${shellWord(launcher.script)} ${args} || exit $?`,
    'else',
    `  echo "leakguard: command not found, so this ${kind} check cannot run; install it (npm install -g leakguard) or skip it once with --no-verify" >&2`,
    '  exit 1',
    'fi',
  ];
}

export function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
