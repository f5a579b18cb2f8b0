import type { NoteReason, ScanNote } from '../types/index.js';

/** What each reason says in words; `detail` is appended when a note has one. */
const REASON_TEXT: Readonly<Record<NoteReason, string>> = {
  binary: 'binary content, not scanned',
  'too-large': 'too large, not scanned',
  'lfs-pointer': 'Git LFS pointer, the content on the LFS server was not scanned',
  unreadable: 'could not be read, not scanned',
  'special-file': 'not a regular file (FIFO, socket or device), never opened',
  symlink: 'a symbolic link, not followed',
  submodule: 'a submodule, scan it in its own repository',
  unmerged: 'unmerged, resolve the conflict and stage it',
  config: 'config',
  'removed-secret': 'removes a credential that git history still holds',
  'budget-exceeded': 'scan time budget exceeded',
  summary: '',
};

/** Reasons that mean a file's content went unread, rather than information about the scan. */
const SKIPS: ReadonlySet<NoteReason> = new Set(['binary', 'too-large', 'lfs-pointer', 'unreadable', 'special-file', 'symlink', 'submodule', 'unmerged', 'budget-exceeded']);

export function isSkipNote(note: ScanNote): boolean {
  return SKIPS.has(note.reason);
}

/** Config warnings are the ones a user must act on: the repository narrowed what is scanned. */
export function noteLevel(note: ScanNote): 'warning' | 'note' {
  return note.reason === 'config' || note.reason === 'budget-exceeded' ? 'warning' : 'note';
}

/** One line of text for a note, without the `note:` label. */
export function noteMessage(note: ScanNote): string {
  if (note.reason === 'summary' || note.reason === 'config' || note.reason === 'removed-secret') {
    const head = note.path === '' ? '' : `${note.path}${note.line !== undefined ? `:${note.line}` : ''}: `;
    return `${head}${note.detail ?? REASON_TEXT[note.reason]}`;
  }
  const rule = note.ruleId ? ` (rule ${note.ruleId})` : '';
  const detail = note.detail ? ` (${note.detail})` : '';
  return `skipped ${note.path || 'input'}: ${REASON_TEXT[note.reason]}${detail}${rule}`;
}

const LISTED_BINARIES = 5;

/**
 * Notes for the terminal: binary files become one line (a dataset folder would otherwise print
 * thousands), every other note stays its own line. Structured formats keep every note.
 */
export function summarizeNotes(notes: readonly ScanNote[]): string[] {
  const binaries = notes.filter((note) => note.reason === 'binary');
  const lines = notes.filter((note) => note.reason !== 'binary').map(noteMessage);
  if (binaries.length === 1) lines.unshift(noteMessage(binaries[0]!));
  else if (binaries.length > 1) {
    const listed = binaries.slice(0, LISTED_BINARIES).map((note) => note.path).join(', ');
    const more = binaries.length > LISTED_BINARIES ? `, and ${binaries.length - LISTED_BINARIES} more` : '';
    lines.unshift(`skipped ${binaries.length} binary files: ${listed}${more}`);
  }
  return lines;
}
