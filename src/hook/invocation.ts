/**
 * How a user, or a hook, starts the copy of leakguard that is running now. Printed commands must
 * work as pasted: a devDependency is not on PATH (`npx` finds it from any directory of the
 * project), a global install is, and anything else is named by absolute path.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join, relative, resolve, sep } from 'node:path';
import { shellWord, type Launcher } from './hook-commands.js';

export interface Invocation {
  /** Which install this is. */
  kind: 'project' | 'path' | 'absolute';
  /** The command for a shell anywhere in the repository. */
  command: string;
}

export function findInvocation(repoRoot: string, launcher: Launcher, env: NodeJS.ProcessEnv): Invocation {
  const fromRoot = relative(resolve(repoRoot, 'node_modules'), resolve(launcher.script));
  if (fromRoot !== '' && !fromRoot.startsWith(`..${sep}`) && fromRoot !== '..' && !fromRoot.startsWith(sep)) {
    return { kind: 'project', command: 'npx leakguard' };
  }
  if (onPath('leakguard', env)) return { kind: 'path', command: 'leakguard' };
  return { kind: 'absolute', command: `${shellWord(launcher.node)} ${shellWord(launcher.script)}` };
}

function onPath(name: string, env: NodeJS.ProcessEnv): boolean {
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}
