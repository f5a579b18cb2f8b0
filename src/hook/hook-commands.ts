/** The shell lines install puts in a hook. */

export interface Launcher {
  /** Absolute path of the node binary that ran `leakguard install`. */
  node: string;
  /** Absolute path of that installation's bin/leakguard.js. */
  script: string;
}

function scanArgs(baseline: string | undefined): string {
  return baseline ? `scan --staged --baseline ${shellWord(baseline)}` : 'scan --staged';
}

/** Husky puts node_modules/.bin on PATH; `--no` stops npx from downloading anything. */
export function huskyHookBody(baseline: string | undefined): string[] {
  return [`npx --no -- leakguard ${scanArgs(baseline)} || exit $?`];
}

/**
 * A repository without package.json (most Python ML repos) has no local install to find, so the
 * hook tries, in order: leakguard on PATH (a global npm install, kept current by the user), then
 * the copy that ran `leakguard install`, by absolute path, for GUI git clients whose PATH lacks
 * npm's global bin (nvm, Homebrew). Neither present: block, and say how to fix or skip.
 */
export function gitHookBody(launcher: Launcher, baseline: string | undefined): string[] {
  const args = scanArgs(baseline);
  return [
    'if command -v leakguard >/dev/null 2>&1; then',
    `  leakguard ${args} || exit $?`,
    `elif [ -x ${shellWord(launcher.node)} ] && [ -f ${shellWord(launcher.script)} ]; then`,
    `  ${shellWord(launcher.node)} ${shellWord(launcher.script)} ${args} || exit $?`,
    'else',
    '  echo "leakguard: command not found; install it (npm install -g leakguard) or skip this check once with git commit --no-verify" >&2',
    '  exit 1',
    'fi',
  ];
}

export function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
