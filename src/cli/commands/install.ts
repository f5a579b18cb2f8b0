import { join } from 'node:path';
import { installHook, uninstallHook } from '../../hook/install.js';
import { EXIT } from '../../util/errors.js';
import { packageRoot } from '../../util/package-root.js';
import { parseCommandArgs } from '../args.js';
import type { CliIO } from '../io.js';
import { toolVersion } from '../version.js';

const INSTALL_HELP = `Usage: leakguard install [--husky | --no-husky]

Installs a pre-commit hook that runs \`leakguard scan --staged\` and blocks commits that add
credentials.

  With package.json: writes .husky/pre-commit (npx --no -- leakguard scan --staged) and adds
  husky and leakguard to devDependencies and "prepare": "husky" when missing; run npm install.
  Without package.json: writes the pre-commit hook where git looks for it (core.hooksPath, or
  .git/hooks), calling leakguard from PATH or, failing that, this installation.

An existing hook is extended, never replaced: leakguard's lines sit between
"# >>> leakguard >>>" and "# <<< leakguard <<<". Running install again refreshes them.
When .leakguard-baseline.json exists, the hook passes it with --baseline.

Options:
  --husky        use husky even without auto-detection (needs package.json)
  --no-husky     write the git hook directly even when package.json exists

Exit codes: 0 installed, 2 error (not a git work tree, a hook that is not a shell script).
`;

const UNINSTALL_HELP = `Usage: leakguard uninstall

Removes leakguard's block from .husky/pre-commit and from the git pre-commit hook, and deletes
a hook file that held nothing else. package.json is left as it is.
`;

export async function installCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseCommandArgs('install', argv, {
    husky: { type: 'boolean' },
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
