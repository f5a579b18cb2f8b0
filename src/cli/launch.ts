import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheDir } from '../config/cache-dir.js';
import { optimiseLessEagerly } from '../util/tiering.js';
import { runBundle } from './code-cache.js';

type Main = (argv: string[]) => Promise<number>;

/**
 * What bin/leakguard.js runs. Every `scan` (tree, git, stdin, the pre-commit hook) runs the CLI
 * from one CommonJS file, dist/cli/scan.cjs, through V8's code cache (code-cache.ts): one read
 * and no compile instead of resolving, compiling and linking ~25 chunks of the split build. The
 * other commands import the split build (dist/cli/main.js), which loads only what each uses.
 * `LEAKGUARD_CODE_CACHE=0` turns the cache off.
 */
export async function launch(argv: string[], bundleDir: string): Promise<number> {
  const args = argv.filter((arg) => arg !== '--debug');
  if (args[0] !== 'scan') {
    const { main } = (await import(pathToFileURL(join(bundleDir, 'main.js')).href)) as { main: Main };
    return main(argv);
  }
  const profile = scanProfile(args);
  // A history scan's git starts now, so it reads the object store while the bundle loads and
  // the rules compile (src/sources/git/prestart.ts); the scan adopts it only if its arguments match.
  if (profile === 'git') {
    (await import('../sources/git/prestart.js')).prestartCommitScan(argv, process.cwd());
    // The scan then shares the machine with git (src/util/tiering.ts).
    optimiseLessEagerly();
  }
  const env = process.env;
  const run = runBundle(join(bundleDir, 'scan.cjs'), { cacheDir: env['LEAKGUARD_CODE_CACHE'] === '0' ? undefined : cacheDir(env), profile });
  const code = await (run.exports['main'] as Main)(argv);
  run.saveCache();
  return code;
}

/** Which kind of scan this is: each runs (and compiles) different code, so each gets its own cache. */
export function scanProfile(args: string[]): string {
  if (args.includes('--staged')) return 'staged';
  if (['--history', '--range', '--since', '--pre-push'].some((flag) => args.some((arg) => arg === flag || arg.startsWith(`${flag}=`)))) return 'git';
  return 'tree';
}

