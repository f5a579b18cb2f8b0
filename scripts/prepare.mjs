// npm runs `prepare` after `npm install` in a checkout, and when it installs leakguard from git
// (`npm i github:…`, `npm i git+…`, the pre-commit framework): a git checkout has no dist/, and
// `prepare` is the only script npm runs there, with devDependencies installed. So build here when
// dist/ is missing. Nothing may reach stdout: pre-commit reads `npm pack`'s stdout as the tarball
// name, so every child writes to stderr.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const toStderr = { stdio: ['ignore', 2, 2], shell: process.platform === 'win32' };

// The launcher needs all three bundles (an older build has no scan.cjs).
if (!['dist/cli/main.js', 'dist/cli/launch.cjs', 'dist/cli/scan.cjs', 'dist/rules.json'].every((file) => existsSync(file))) {
  const build = spawnSync('npm', ['run', 'build', '--silent'], toStderr);
  if (build.status !== 0) {
    console.error('leakguard: prepare: the build failed (it needs the devDependencies typescript and esbuild)');
    process.exit(build.status ?? 1);
  }
}

// Contributors' checkouts: activate this repository's own hook (husky is a devDependency).
if (existsSync('.git') && existsSync('.husky')) {
  // npm puts node_modules/.bin on PATH; without husky (a production install) there is nothing to do.
  spawnSync('husky', [], toStderr);
}
