import { readQuoted } from '../sources/git/quote.js';
import { parseCommitLine } from './commit-info.js';
import type { CommitInfo } from '../types/index.js';

/** How often one commit's diff of one path added and removed lines holding one value. */
export interface LineChanges {
  added: number;
  removed: number;
}

export interface ValueEvents {
  /** `path\0secret` → commit id → changes, in the order git printed the commits. */
  changes: Map<string, Map<string, LineChanges>>;
  commits: Map<string, CommitInfo>;
}

export const COMMIT_MARK = '\x1e';

/** `--format` for the log this parser reads: a mark, then id, author time and author name. */
export const LOG_FORMAT = '--format=%x1e%H%x1f%at%x1f%an';

export function eventKey(path: string, secret: string): string {
  return `${path}\0${secret}`;
}

/**
 * Reads `git log -p -U0 --no-renames` output line by line and records, per commit, how many added
 * and removed lines of each watched path hold each watched value. Values are matched here, in
 * memory: `git log -S<value>` would show the secret to every local user in the process list.
 */
export class ValueEventParser {
  readonly events: ValueEvents = { changes: new Map(), commits: new Map() };
  private commit: string | null = null;
  private inHunks = false;
  private oldPath: string | null = null;
  private newPath: string | null = null;

  /** @param watched repository path → the values found at that path. */
  constructor(private readonly watched: ReadonlyMap<string, readonly string[]>) {}

  line(line: string): void {
    if (line.startsWith(COMMIT_MARK)) {
      const info = parseCommitLine(line.slice(1));
      this.commit = info?.commit ?? null;
      if (info) this.events.commits.set(info.commit, info);
      this.inHunks = false;
      return;
    }
    if (line.startsWith('diff --git ')) {
      this.inHunks = false;
      this.oldPath = null;
      this.newPath = null;
      return;
    }
    if (!this.inHunks) {
      if (line.startsWith('--- ')) this.oldPath = readPatchPath(line.slice(4), 'a/');
      else if (line.startsWith('+++ ')) this.newPath = readPatchPath(line.slice(4), 'b/');
      else if (line.startsWith('@@')) this.inHunks = true;
      return;
    }
    if (line.startsWith('+')) this.record(this.newPath, line, 'added');
    else if (line.startsWith('-')) this.record(this.oldPath, line, 'removed');
  }

  private record(path: string | null, line: string, kind: keyof LineChanges): void {
    if (path === null || this.commit === null) return;
    const values = this.watched.get(path);
    if (!values) return;
    for (const value of values) {
      if (!line.includes(value)) continue;
      const key = eventKey(path, value);
      let byCommit = this.events.changes.get(key);
      if (!byCommit) this.events.changes.set(key, (byCommit = new Map()));
      const changes = byCommit.get(this.commit) ?? { added: 0, removed: 0 };
      changes[kind] += 1;
      byCommit.set(this.commit, changes);
    }
  }
}

/** `a/path`, `"b/h\303\251"` or `/dev/null` (the side that does not exist). */
function readPatchPath(text: string, side: 'a/' | 'b/'): string | null {
  const raw = text.startsWith('"') ? readQuoted(text)?.value : text.replace(/\t$/, '');
  if (raw === undefined || raw === '/dev/null' || !raw.startsWith(side)) return null;
  return raw.slice(side.length);
}
