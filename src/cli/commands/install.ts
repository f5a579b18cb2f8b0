import { join } from 'node:path';
import { installHook, uninstallHook } from '../../hook/install.js';
import { EXIT } from '../../util/errors.js';
import { packageRoot } from '../../util/package-root.js';
import { parseCommandArgs } from '../args.js';
import type { CliIO } from '../io.js';
import { toolVersion } from '../version.js';

const INSTALL_HELP = `Usage: leakguard install [--husky | --no-husky] [--pre-push]

Installs a pre-commit hook that runs \`leakguard scan --staged\` and blocks commits that add
credentials.

  With package.json: writes .husky/pre-commit, which runs node_modules/.bin/leakguard (the
  project's own copy), and adds husky and leakguard to devDependencies and "prepare": "husky"
  when missing; run npm install.
  Without package.json: writes the pre-commit hook where git looks for it (core.hooksPath, or
  .git/hooks), calling the project's copy, else leakguard from PATH, else this installation.
  lint-staged: leakguard runs before it in the same hook; if its config already runs
  leakguard, no hook is added (one scan per commit).
  The pre-commit framework (.pre-commit-config.yaml): its generated hook is left alone, and
  install prints the entry to add to .pre-commit-config.yaml.

An existing hook is extended, never replaced: leakguard's lines sit between
"# >>> leakguard >>>" and "# <<< leakguard <<<". Running install again refreshes them.
When .leakguard-baseline.json exists, the hook passes it with --baseline.

Options:
  --husky        use husky even without auto-detection (needs package.json)
  --no-husky     write the git hook directly even when package.json exists
  --pre-push     also install a pre-push hook running \`leakguard scan --pre-push\`: it scans
                 the commits being pushed, so a \`git commit --no-verify\` is caught before
                 it leaves the machine

Exit codes: 0 installed, 2 error (not a git work tree, a hook that is not a shell script).
`;

const UNINSTALL_HELP = `Usage: leakguard uninstall

Removes leakguard's block from .husky/pre-commit and .husky/pre-push and from the git
pre-commit and pre-push hooks, and deletes a hook file that held nothing else. package.json is left as it is.
`;

export async function installCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseCommandArgs('install', argv, {
    husky: { type: 'boolean' },
    'pre-push': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(INSTALL_HELP);
    return EXIT.clean;
  }
  const report = await installHook({
    cwd: io.cwd,
    husky: values.husky,
    // The copy running now, for hooks in repositories that have no node_modules of their own.
    launcher: { node: process.execPath, script: join(packageRoot(), 'bin', 'leakguard.js') },
    toolVersion: toolVersion(),
    prePush: values['pre-push'] ?? false,
    env: io.env,
  });
  io.stdout(report.map((line) => `leakguard: ${line}\n`).join(''));
  return EXIT.clean;
}

export async function uninstallCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseCommandArgs('uninstall', argv, { help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.stdout(UNINSTALL_HELP);
    return EXIT.clean;
  }
  const report = await uninstallHook(io.cwd);
  io.stdout(report.map((line) => `leakguard: ${line}\n`).join(''));
  return EXIT.clean;
}
