import { readQuoted, unquotePath } from './quote.js';
import { AT, BACKSLASH, COMMA, MINUS, NEWLINE, NINE, PLUS, SPACE, ZERO } from '../../util/ascii.js';

/**
 * A streaming parser for the patches `git diff -p` and `git log -p` print. It keeps only what a
 * scan needs (paths, modes, blob ids and the added lines with their new line numbers), so a
 * history of any size streams through it in constant memory per file.
 *
 * It reads git's bytes (`write`), not decoded lines: header lines are decoded, hunk bodies are
 * not. A removed or context line costs a byte comparison, and an added line is copied as bytes
 * into one buffer per file that is decoded once (`joinAdded`) — on `git log -p` output, decoding
 * every line into its own string was most of the parser's time and most of its garbage.
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
  /** The added lines, one object each; empty when the parser joins them (`joinAdded`). */
  added: PatchLine[];
  /** With `joinAdded`: the added lines joined with `\n`, decoded once. */
  addedText?: string;
  /** With `joinAdded`: `addedLines[i]` is the new-file line number of line i + 1 of `addedText`. */
  addedLines?: number[];
  /** Only collected when the parser is asked to (`keepRemoved`). */
  removed: PatchLine[];
  /** Bytes of added text seen (a newline each included), including any dropped beyond `maxAddedBytes`. */
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
  /** Deliver the added lines as `addedText` + `addedLines` instead of one object per line. */
  joinAdded?: boolean;
}

/** The byte `--format=%x1e%H` starts commit header lines with; no patch line can start with it. */
export const COMMIT_MARK = '\x1e';

/** Added lines up to this many bytes are copied byte by byte (addLine). */
const SHORT_LINE = 96;

const MODE = /^[0-7]{6}$/;

export const patchPath = (patch: FilePatch): string | null => patch.newPath ?? patch.oldPath;

export class PatchParser {
  private current: FilePatch | undefined;
  private commit: string | null = null;
  private oldRemaining = 0;
  private newRemaining = 0;
  private oldLine = 0;
  private newLine = 0;
  /** The start of a line cut by the end of a chunk, waiting for its newline. */
  private partial: Buffer[] = [];
  /** `joinAdded`: the current file's added lines as bytes, each followed by a newline. */
  private joined = Buffer.allocUnsafe(64 * 1024);
  private joinedLength = 0;
  private joinedLines: number[] = [];
  /** A hunk header's four numbers, read before any is applied. */
  private readonly hunkNumbers = [0, 0, 0, 0];

  constructor(private readonly options: PatchParserOptions) {}

  /** Feeds git's output as it arrives; lines may be cut anywhere between chunks. */
  write(chunk: Buffer): void {
    let start = 0;
    let newline = chunk.indexOf(NEWLINE);
    if (this.partial.length > 0) {
      if (newline === -1) {
        this.partial.push(chunk);
        return;
      }
      this.partial.push(chunk.subarray(0, newline));
      const line = Buffer.concat(this.partial);
      this.partial = [];
      this.lineBytes(line, 0, line.length);
      start = newline + 1;
      newline = chunk.indexOf(NEWLINE, start);
    }
    while (newline !== -1) {
      this.lineBytes(chunk, start, newline);
      start = newline + 1;
      newline = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) this.partial.push(chunk.subarray(start));
  }

  /** Feeds one line without its `\n` (a trailing `\r` is content and is kept). */
  line(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    this.lineBytes(bytes, 0, bytes.length);
  }

  /** Flushes a last line without a newline, then the last file. */
  end(): void {
    if (this.partial.length > 0) {
      const line = Buffer.concat(this.partial);
      this.partial = [];
      this.lineBytes(line, 0, line.length);
    }
    this.finishFile();
  }

  /** One line: `bytes[start, end)`, without its newline. */
  private lineBytes(bytes: Buffer, start: number, end: number): void {
    if (this.oldRemaining > 0 || this.newRemaining > 0) {
      if (this.hunkLine(bytes, start, end)) return;
      // A malformed count: stop trusting it and read the line as a header.
      this.oldRemaining = 0;
      this.newRemaining = 0;
    }
    // Hunk headers are a fifth of a log's lines and need no string: their numbers are read here.
    if (bytes[start] === AT && this.current && this.startHunk(bytes, start, end)) return;
    this.headerLine(bytes.toString('utf8', start, end));
  }

  private hunkLine(bytes: Buffer, start: number, end: number): boolean {
    const patch = this.current;
    if (!patch) return false;
    const marker = start < end ? bytes[start] : -1;
    if (marker === PLUS && this.newRemaining > 0) {
      this.newRemaining--;
      this.addLine(patch, this.newLine++, bytes, start + 1, end);
      return true;
    }
    if (marker === MINUS && this.oldRemaining > 0) {
      this.oldRemaining--;
      if (this.options.keepRemoved) patch.removed.push({ line: this.oldLine, text: bytes.toString('utf8', start + 1, end) });
      this.oldLine++;
      return true;
    }
    // Context (with --inter-hunk-context, or a user's GIT_DIFF_OPTS); diff.suppressBlankEmpty
    // prints an empty context line without its leading space.
    if ((marker === SPACE || marker === -1) && this.oldRemaining > 0 && this.newRemaining > 0) {
      this.oldRemaining--;
      this.newRemaining--;
      this.oldLine++;
      this.newLine++;
      return true;
    }
    return marker === BACKSLASH; // "\ No newline at end of file" is not a line of either file
  }

  private addLine(patch: FilePatch, line: number, bytes: Buffer, start: number, end: number): void {
    patch.addedBytes += end - start + 1;
    if (patch.truncated) return;
    const limit = this.options.maxAddedBytes;
    if (limit !== undefined && patch.addedBytes > limit) {
      patch.truncated = true;
      patch.added.length = 0;
      this.joinedLength = 0;
      this.joinedLines = [];
      return;
    }
    if (!this.options.joinAdded) {
      patch.added.push({ line, text: bytes.toString('utf8', start, end) });
      return;
    }
    const needed = this.joinedLength + end - start + 1;
    if (needed > this.joined.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.joined.length * 2));
      this.joined.copy(grown, 0, 0, this.joinedLength);
      this.joined = grown;
    }
    const joined = this.joined;
    let at = this.joinedLength;
    // Buffer#copy makes a view object per call: for the short lines of code, a loop is cheaper.
    if (end - start <= SHORT_LINE) for (let from = start; from < end; from++) joined[at++] = bytes[from]!;
    else at += bytes.copy(joined, at, start, end);
    joined[at++] = NEWLINE;
    this.joinedLength = at;
    this.joinedLines.push(line);
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
    if (text.startsWith('@@ ')) return; // not a hunk header startHunk could read: ignored
    if (text.startsWith('--- ')) this.setLabel(patch, 'old', text.slice(4));
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
    // Every field from the start, in one order: objects that gain fields later get new hidden
    // classes, and the parser's optimised code was thrown away on each new one it met.
    this.current = {
      commit: this.commit,
      oldPath: null,
      newPath: null,
      isNew: false,
      isDeleted: false,
      renamedFrom: undefined,
      copiedFrom: undefined,
      oldMode: undefined,
      newMode: undefined,
      oldBlob: undefined,
      newBlob: undefined,
      binary: false,
      unmerged: false,
      added: [],
      addedText: undefined,
      addedLines: undefined,
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
    if (this.options.joinAdded) {
      // Without the last line's newline: the same text as joining the lines with `\n`.
      patch.addedText = this.joinedLength === 0 ? '' : this.joined.toString('utf8', 0, this.joinedLength - 1);
      patch.addedLines = this.joinedLines;
      this.joinedLength = 0;
      this.joinedLines = [];
    }
    this.options.onFile(patch);
  }

  /** A hunk header's numbers start the hunk; false (nothing changed) when the line is not one. */
  private startHunk(bytes: Buffer, start: number, end: number): boolean {
    const numbers = this.hunkNumbers;
    if (!readHunkHeader(bytes, start, end, numbers)) return false;
    this.oldLine = numbers[0]!;
    this.oldRemaining = numbers[1]!;
    this.newLine = numbers[2]!;
    this.newRemaining = numbers[3]!;
    return true;
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
    // Split by hand: an unanchored `/ ([0-7]{6})$/` here was a tenth of the parser's time.
    const space = rest.indexOf(' ');
    const ids = space === -1 ? rest : rest.slice(0, space);
    const mode = space === -1 ? '' : rest.slice(space + 1);
    const dots = ids.indexOf('..');
    patch.oldBlob = dots === -1 ? ids : ids.slice(0, dots);
    patch.newBlob = dots === -1 ? undefined : ids.slice(dots + 2);
    if (MODE.test(mode)) patch.oldMode = patch.newMode = mode;
  }
}

/**
 * `@@ -<old>[,<count>] +<new>[,<count>] @@…` read into `out` (an absent count is 1), as the
 * regex `^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@` would; false when the line is not one.
 */
function readHunkHeader(bytes: Buffer, start: number, end: number, out: number[]): boolean {
  let at = start;
  if (end - at < 4 || bytes[at] !== AT || bytes[at + 1] !== AT || bytes[at + 2] !== SPACE || bytes[at + 3] !== MINUS) return false;
  at += 4;
  for (const [number, count, next] of HUNK_PARTS) {
    at = readNumber(bytes, at, end, out, number);
    if (at === -1) return false;
    out[count] = 1;
    if (at < end && bytes[at] === COMMA) {
      at = readNumber(bytes, at + 1, end, out, count);
      if (at === -1) return false;
    }
    if (end - at < 2 || bytes[at] !== SPACE || bytes[at + 1] !== next) return false;
    at += 2;
  }
  return at < end && bytes[at] === AT; // the second `@` of the closing `@@`
}

/** [slot of the line number, slot of the count, the byte after the space that follows]. */
const HUNK_PARTS = [
  [0, 1, PLUS],
  [2, 3, AT],
] as const;

/** Decimal digits at `at` into out[slot]: the position after them, or -1 when there are none. */
function readNumber(bytes: Buffer, at: number, end: number, out: number[], slot: number): number {
  let value = 0;
  const first = at;
  for (; at < end; at++) {
    const byte = bytes[at]!;
    if (byte < ZERO || byte > NINE) break;
    value = value * 10 + (byte - ZERO);
  }
  out[slot] = value;
  return at === first ? -1 : at;
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
