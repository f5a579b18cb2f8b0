/**
 * `scan --pre-push`: git runs the pre-push hook with one line per ref being pushed on stdin,
 * `<local ref> <local sha> <remote ref> <remote sha>` (githooks(5)). The commits to scan are those
 * the push sends: reachable from a pushed sha, and not already on the remote. A deleted ref sends
 * nothing; a new branch (remote sha all zeros) sends every commit no remote-tracking ref has.
 */
import { runGit } from '../git/process.js';
import { UsageError } from '../util/errors.js';

export interface PushedRef {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
}

const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const ZERO = /^0+$/;

export function parsePrePushInput(text: string): PushedRef[] {
  const refs: PushedRef[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const [localRef, localSha, remoteRef, remoteSha, extra] = line.trim().split(/\s+/);
    if (!localRef || !localSha || !remoteRef || !remoteSha || extra !== undefined || !SHA.test(localSha) || !SHA.test(remoteSha)) {
      throw new UsageError('scan --pre-push: expected git\'s pre-push input on stdin ("<local ref> <local sha> <remote ref> <remote sha>" per line)');
    }
    refs.push({ localRef, localSha, remoteRef, remoteSha });
  }
  return refs;
}

export interface PushedRevisions {
  kind: 'revisions';
  /** `git log` arguments: the pushed shas, then what the remote already has. */
  revisions: string[];
  label: string;
}

export async function pushedRevisions(cwd: string, stdin: string): Promise<PushedRevisions> {
  const refs = parsePrePushInput(stdin).filter((ref) => !ZERO.test(ref.localSha));
  const include = [...new Set(refs.map((ref) => ref.localSha))];
  // The remote's old tip, when this clone has it: a stale remote-tracking ref must not make
  // already-pushed commits look new.
  const known: string[] = [];
  for (const sha of new Set(refs.map((ref) => ref.remoteSha).filter((sha) => !ZERO.test(sha)))) {
    if ((await runGit(cwd, ['cat-file', '-e', `${sha}^{commit}`])).code === 0) known.push(`^${sha}`);
  }
  const label = refs.length === 0 ? 'nothing to push' : `push of ${refs.map((ref) => ref.localRef.replace(/^refs\/heads\//, '')).join(', ')}`;
  // Every argument is a validated hex id or a fixed option, so none can be read as another option.
  return { kind: 'revisions', revisions: include.length === 0 ? [] : [...include, ...known, '--not', '--remotes'], label };
}
