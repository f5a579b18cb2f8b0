import { readQuoted, unquotePath } from './quote.js';

/**
 * A line-at-a-time parser for the patches `git diff -p` and `git log -p` print. It keeps only
 * what a scan needs (paths, modes, blob ids and the added lines with their new line numbers), so
 * a history of any size streams through it in constant memory per file.
 *
 * Hunk bodies are consumed by their header's line counts, never by guessing from a line's first
 * characters: an added line that reads `++ b/x` is printed as `+++ b/x` and must stay content.
 */

export interface PatchLine {
  /** 1-based line number in the new file (added lines) or the old file (removed lines). */
  line: number;
  text: string;
}

export interface FilePatch {
  /** The commit this patch belongs to (log mode), or null for `git diff`. */
  commit: string | null;
  /** Path before the change; null for an added file. */
  oldPath: string | null;
  /** Path after the change; null for a deleted file. */
  newPath: string | null;
  isNew: boolean;
  isDeleted: boolean;
  renamedFrom?: string;
  copiedFrom?: string;
  oldMode?: string;
  newMode?: string;
  /** Blob ids from the `index` line (full with --full-index); absent for pure renames and mode changes. */
  oldBlob?: string;
  newBlob?: string;
  /** Git printed "Binary files … differ": binary content, or larger than core.bigFileThreshold. */
  binary: boolean;
  /** `* Unmerged path …` during a conflicted merge. */
  unmerged: boolean;
  added: PatchLine[];
  /** Only collected when the parser is asked to (`keepRemoved`). */
  removed: PatchLine[];
  /** Bytes of added text seen, including any dropped beyond `maxAddedBytes`. */
  addedBytes: number;
  /** Added text beyond `maxAddedBytes` was dropped to keep memory flat. */
  truncated: boolean;
}

export interface PatchParserOptions {
  onFile: (patch: FilePatch) => void;
  /** Log mode: called for each commit header line written with `--format=%x1e%H`. */
  onCommit?: (commit: string) => void;
  keepRemoved?: boolean;
  maxAddedBytes?: number;
}

/** The byte `--format=%x1e%H` starts commit header lines with; no patch line can start with it. */
export const COMMIT_MARK = '\x1e';

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
const MODE_SUFFIX = / ([0-7]{6})$/;

export const patchPath = (patch: FilePatch): string | null => patch.newPath ?? patch.oldPath;

export class PatchParser {
  private current: FilePatch | undefined;
  private commit: string | null = null;
  private oldRemaining = 0;
  private newRemaining = 0;
  private oldLine = 0;
  private newLine = 0;

  constructor(private readonly options: PatchParserOptions) {}

  /** Feeds one line without its `\n` (a trailing `\r` is content and is kept). */
  line(text: string): void {
    if (this.oldRemaining > 0 || this.newRemaining > 0) {
      if (this.hunkLine(text)) return;
      // A malformed count: stop trusting it and read the line as a header.
      this.oldRemaining = 0;
      this.newRemaining = 0;
    }
    this.headerLine(text);
  }

  /** Flushes the last file. */
  end(): void {
    this.finishFile();
  }

  private hunkLine(text: string): boolean {
    const patch = this.current;
    if (!patch) return false;
    const marker = text.charCodeAt(0);
    if (marker === 0x2b /* + */ && this.newRemaining > 0) {
      this.newRemaining--;
      this.addLine(patch, this.newLine++, text.slice(1));
      return true;
    }
    if (marker === 0x2d /* - */ && this.oldRemaining > 0) {
      this.oldRemaining--;
      if (this.options.keepRemoved) patch.removed.push({ line: this.oldLine, text: text.slice(1) });
      this.oldLine++;
      return true;
    }
    // Context (with --inter-hunk-context, or a user's GIT_DIFF_OPTS); diff.suppressBlankEmpty
    // prints an empty context line without its leading space.
    if ((marker === 0x20 || text.length === 0) && this.oldRemaining > 0 && this.newRemaining > 0) {
      this.oldRemaining--;
      this.newRemaining--;
      this.oldLine++;
      this.newLine++;
      return true;
    }
    return text.startsWith('\\'); // "\ No newline at end of file" is not a line of either file
  }

  private addLine(patch: FilePatch, line: number, text: string): void {
    patch.addedBytes += text.length + 1;
    const limit = this.options.maxAddedBytes;
    if (limit !== undefined && patch.addedBytes > limit) {
      patch.truncated = true;
      patch.added.length = 0;
      return;
    }
    if (!patch.truncated) patch.added.push({ line, text });
  }

  private headerLine(text: string): void {
    if (text.startsWith(COMMIT_MARK)) {
      this.finishFile();
      this.commit = text.slice(1).trim().split(' ')[0] ?? null;
      if (this.commit) this.options.onCommit?.(this.commit);
      return;
    }
    if (text.startsWith('diff --git ')) {
      this.startFile();
      const paths = splitDiffGitPaths(text.slice('diff --git '.length));
      if (paths) [this.current!.oldPath, this.current!.newPath] = paths;
      return;
    }
    if (text.startsWith('* Unmerged path ')) {
      const patch = this.startFile();
      patch.unmerged = true;
      patch.oldPath = patch.newPath = unquotePath(text.slice('* Unmerged path '.length));
      return;
    }
    const patch = this.current;
    if (!patch) return; // a commit's blank separator line, or a merge commit without a diff
    if (text.startsWith('@@ ')) this.startHunk(text);
    else if (text.startsWith('--- ')) this.setLabel(patch, 'old', text.slice(4));
    else if (text.startsWith('+++ ')) this.setLabel(patch, 'new', text.slice(4));
    else if (text.startsWith('index ')) this.setIndex(patch, text.slice(6));
    else if (text.startsWith('new file mode ')) [patch.isNew, patch.newMode] = [true, text.slice(14)];
    else if (text.startsWith('deleted file mode ')) [patch.isDeleted, patch.oldMode] = [true, text.slice(18)];
    else if (text.startsWith('old mode ')) patch.oldMode = text.slice(9);
    else if (text.startsWith('new mode ')) patch.newMode = text.slice(9);
    else if (text.startsWith('rename from ')) patch.renamedFrom = patch.oldPath = unquotePath(text.slice(12));
    else if (text.startsWith('rename to ')) patch.newPath = unquotePath(text.slice(10));
    else if (text.startsWith('copy from ')) patch.copiedFrom = patch.oldPath = unquotePath(text.slice(10));
    else if (text.startsWith('copy to ')) patch.newPath = unquotePath(text.slice(8));
    else if (text.startsWith('Binary files ') || text === 'GIT binary patch') patch.binary = true;
  }

  private startFile(): FilePatch {
    this.finishFile();
    this.current = {
      commit: this.commit,
      oldPath: null,
      newPath: null,
      isNew: false,
      isDeleted: false,
      binary: false,
      unmerged: false,
      added: [],
      removed: [],
      addedBytes: 0,
      truncated: false,
    };
    return this.current;
  }

  private finishFile(): void {
    this.oldRemaining = 0;
    this.newRemaining = 0;
    const patch = this.current;
    this.current = undefined;
    if (!patch) return;
    if (patch.isNew) patch.oldPath = null;
    if (patch.isDeleted) patch.newPath = null;
    this.options.onFile(patch);
  }

  private startHunk(text: string): void {
    const match = HUNK_HEADER.exec(text);
    if (!match) return;
    this.oldLine = Number(match[1]);
    this.oldRemaining = match[2] === undefined ? 1 : Number(match[2]);
    this.newLine = Number(match[3]);
    this.newRemaining = match[4] === undefined ? 1 : Number(match[4]);
  }

  /** `--- a/path`, `+++ b/path`, `+++ /dev/null`; git appends a tab when the name has a space. */
  private setLabel(patch: FilePatch, side: 'old' | 'new', label: string): void {
    if (label === '/dev/null') return;
    // A tab in a name forces quoting, so a trailing tab is always git's marker, quoted or not.
    let path = unquotePath(label.endsWith('\t') ? label.slice(0, -1) : label);
    const prefix = side === 'old' ? 'a/' : 'b/';
    if (path.startsWith(prefix)) path = path.slice(2);
    if (side === 'old') patch.oldPath = path;
    else patch.newPath = path;
  }

  /** `index <old>..<new>` with the mode appended when it did not change. */
  private setIndex(patch: FilePatch, rest: string): void {
    const mode = MODE_SUFFIX.exec(rest);
    const ids = mode ? rest.slice(0, mode.index) : rest;
    const [oldBlob, newBlob] = ids.split('..');
    patch.oldBlob = oldBlob;
    patch.newBlob = newBlob;
    if (mode) patch.oldMode = patch.newMode = mode[1];
  }
}

/**
 * The two paths of `diff --git a/<old> b/<new>`. Quoted names are exact; unquoted names may hold
 * spaces, so without a rename they are split where both halves agree. Undefined when ambiguous:
 * the `rename to`, `copy to` and `+++` lines that follow name the file then.
 */
export function splitDiffGitPaths(rest: string): [string, string] | undefined {
  let old: string;
  let remainder: string;
  if (rest.startsWith('"')) {
    const quoted = readQuoted(rest);
    if (!quoted || rest[quoted.end] !== ' ') return undefined;
    old = quoted.value;
    remainder = rest.slice(quoted.end + 1);
  } else {
    const quote = rest.indexOf(' "');
    if (quote !== -1 && rest.endsWith('"')) {
      old = rest.slice(0, quote);
      remainder = rest.slice(quote + 1);
    } else {
      const half = (rest.length - 1) / 2;
      if (!Number.isInteger(half) || rest[half] !== ' ') return undefined;
      old = rest.slice(0, half);
      remainder = rest.slice(half + 1);
      if (old.slice(2) !== remainder.slice(2)) return undefined;
    }
  }
  const neu = unquotePath(remainder);
  if (!old.startsWith('a/') || !neu.startsWith('b/')) return undefined;
  return [old.slice(2), neu.slice(2)];
}
