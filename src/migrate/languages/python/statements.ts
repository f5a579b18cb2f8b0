import type { Node } from 'web-tree-sitter';
import { lineStart, nextLineStart, type SpanEdit } from '../span-edits.js';

/**
 * Removing code cleanly: a deleted statement takes its whole line with it (comment included), a
 * block that would be left empty gets `pass`, and a removed dict entry or call argument takes one
 * comma with it.
 */

const BLANK = /^[ \t]*$/;
/** What may follow a statement on its line when the line can go: spaces, a `;`, a comment. */
const TAIL = /^[ \t]*;?[ \t]*(#[^\n]*)?\r?$/;

export function deleteStatement(text: string, statement: Node): SpanEdit {
  const parent = statement.parent;
  const siblings = (parent?.namedChildren ?? []).filter((child): child is Node => !!child && child.type !== 'comment');
  if (parent?.type === 'block' && siblings.length === 1) {
    return { start: statement.startIndex, end: statement.endIndex, text: 'pass' };
  }
  const from = lineStart(text, statement.startIndex);
  const lineEnd = nextLineStart(text, statement.endIndex);
  const tail = text.slice(statement.endIndex, lineEnd).replace(/\n$/, '');
  if (BLANK.test(text.slice(from, statement.startIndex)) && TAIL.test(tail)) {
    return { start: from, end: lineEnd, text: '' };
  }
  const next = statement.nextSibling;
  if (next?.type === ';') {
    const after = /^[ \t]*/.exec(text.slice(next.endIndex))?.[0].length ?? 0;
    return { start: statement.startIndex, end: next.endIndex + after, text: '' };
  }
  const previous = statement.previousSibling;
  if (previous?.type === ';') return { start: previous.startIndex, end: statement.endIndex, text: '' };
  return { start: statement.startIndex, end: statement.endIndex, text: 'pass' };
}

/**
 * Replaces a statement by a comment saying why it went (`# huggingface_hub reads HF_TOKEN itself`):
 * the line keeps its indentation, and a block left with nothing else gets `pass  # …`.
 */
export function replaceStatementWithComment(text: string, statement: Node, comment: string): SpanEdit {
  const removal = deleteStatement(text, statement);
  if (removal.text === 'pass') return { ...removal, text: `pass  # ${comment}` };
  const from = lineStart(text, statement.startIndex);
  // Only a statement alone on its line becomes a comment line (`login(…); x = 1` just loses the call).
  if (removal.start !== from || removal.end !== nextLineStart(text, statement.endIndex)) return removal;
  const removed = text.slice(removal.start, removal.end);
  const eol = removed.endsWith('\r\n') ? '\r\n' : removed.endsWith('\n') ? '\n' : '';
  return { ...removal, text: `${text.slice(from, statement.startIndex)}# ${comment}${eol}` };
}

/** Removes one argument from a call (`token="…"`), keeping the other arguments' layout. */
export function deleteArgument(text: string, argument: Node): SpanEdit {
  return deleteListItem(text, argument);
}

/** Removes one `key: value` pair from a dict literal, keeping the other entries' layout. */
export function deleteDictEntry(text: string, pair: Node): SpanEdit {
  return deleteListItem(text, pair);
}

/** One item of a comma-separated list in brackets, with one of its commas. */
function deleteListItem(text: string, pair: Node): SpanEdit {
  const from = lineStart(text, pair.startIndex);
  const next = pair.nextSibling;
  const previous = pair.previousSibling;
  const lineEnd = nextLineStart(text, pair.endIndex);
  const afterPair = next?.type === ',' ? next.endIndex : pair.endIndex;
  const tail = text.slice(afterPair, lineEnd).replace(/\n$/, '');
  if (BLANK.test(text.slice(from, pair.startIndex)) && /^[ \t]*(#[^\n]*)?\r?$/.test(tail)) {
    return { start: from, end: lineEnd, text: '' };
  }
  if (next?.type === ',') {
    const after = /^[ \t]*/.exec(text.slice(next.endIndex))?.[0].length ?? 0;
    const closesList = /^[)}\]]$/.test(text[next.endIndex + after] ?? '');
    if (closesList && previous?.type === ',') return { start: previous.endIndex, end: next.endIndex, text: '' };
    return { start: pair.startIndex, end: next.endIndex + after, text: '' };
  }
  if (previous?.type === ',') return { start: previous.startIndex, end: pair.endIndex, text: '' };
  return { start: pair.startIndex, end: pair.endIndex, text: '' };
}
