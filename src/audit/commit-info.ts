import type { CommitInfo } from '../types/index.js';

export const COMMIT_FIELD_SEPARATOR = '\x1f';

/** `--format` printing one commit as `id US author-time US author-name`. */
export const COMMIT_INFO_FORMAT = '--format=%H%x1f%at%x1f%an';

/** Reads one `%H%x1f%at%x1f%an` line; undefined when it is not one. */
export function parseCommitLine(line: string): CommitInfo | undefined {
  const [commit, seconds, author] = line.split(COMMIT_FIELD_SEPARATOR);
  if (!commit || !/^[0-9a-f]{40,64}$/.test(commit) || seconds === undefined) return undefined;
  const time = Number(seconds);
  if (!Number.isFinite(time)) return undefined;
  return { commit, date: new Date(time * 1000).toISOString(), author: author ?? '' };
}
