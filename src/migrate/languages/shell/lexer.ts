/**
 * Just enough of a POSIX shell lexer to know, for an offset, which quoting context the shell sees
 * there: a comment, a single- or double-quoted string, an unquoted word, or a here-document body.
 * It never executes or expands anything; it only has to agree with the shell about quote bounds.
 */

export type ShellContext =
  | { kind: 'comment' }
  | { kind: 'single'; open: number; close: number }
  | { kind: 'double'; open: number; close: number }
  | { kind: 'ansi' }
  | { kind: 'unquoted'; wordStart: number; wordEnd: number }
  | { kind: 'heredoc'; quoted: boolean };

const WORD_BREAK = new Set([' ', '\t', '\n', '\r', ';', '&', '|', '(', ')', '<', '>']);

interface PendingHeredoc {
  delimiter: string;
  quoted: boolean;
  stripTabs: boolean;
}

/**
 * The context at `offset`, lexing `text` from `from` (an instruction's start in a Dockerfile, 0
 * for a script). Returns undefined if the offset is not reached (it is past the end).
 */
export function shellContextAt(text: string, offset: number, from = 0): ShellContext | undefined {
  let i = from;
  let wordStart = -1;
  const heredocs: PendingHeredoc[] = [];

  const endWord = (at: number): number => {
    // Continue to the end of the word: quoted parts belong to it too.
    let j = at;
    while (j < text.length && !WORD_BREAK.has(text[j]!)) {
      const c = text[j]!;
      if (c === '\\') j += 2;
      else if (c === "'") j = closeSingle(text, j) + 1;
      else if (c === '"') j = closeDouble(text, j) + 1;
      else j++;
    }
    return Math.min(j, text.length);
  };

  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n' && heredocs.length > 0) {
      // Here-document bodies start on the next line, in the order they were opened.
      let lineStart = i + 1;
      while (heredocs.length > 0) {
        const doc = heredocs.shift()!;
        for (;;) {
          if (lineStart >= text.length) {
            if (offset >= i) return { kind: 'heredoc', quoted: doc.quoted };
            return undefined;
          }
          let lineEnd = text.indexOf('\n', lineStart);
          if (lineEnd === -1) lineEnd = text.length;
          let line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
          if (doc.stripTabs) line = line.replace(/^\t+/, '');
          if (line === doc.delimiter) {
            lineStart = lineEnd + 1;
            break;
          }
          if (offset >= lineStart && offset < lineEnd) return { kind: 'heredoc', quoted: doc.quoted };
          lineStart = lineEnd + 1;
        }
      }
      i = lineStart;
      wordStart = -1;
      continue;
    }
    if (WORD_BREAK.has(c)) {
      if (c === '<' && text[i + 1] === '<' && text[i + 2] !== '<') {
        const match = /^<<(-?)[ \t]*(?:'([^'\n]*)'|"([^"\n]*)"|\\?([^\s;&|<>()]+))/.exec(text.slice(i, i + 256));
        if (match) {
          const quoted = match[2] !== undefined || match[3] !== undefined || match[0].includes('\\');
          heredocs.push({ delimiter: match[2] ?? match[3] ?? match[4] ?? '', quoted, stripTabs: match[1] === '-' });
          if (offset >= i && offset < i + match[0].length) return { kind: 'unquoted', wordStart: i, wordEnd: i + match[0].length };
          i += match[0].length;
          wordStart = -1;
          continue;
        }
      }
      if (offset === i) return { kind: 'unquoted', wordStart: i, wordEnd: i };
      wordStart = -1;
      i++;
      continue;
    }
    if (wordStart === -1) {
      wordStart = i;
      if (c === '#') {
        let end = text.indexOf('\n', i);
        if (end === -1) end = text.length;
        if (offset >= i && offset < end) return { kind: 'comment' };
        i = end;
        wordStart = -1;
        continue;
      }
    }
    if (c === '\\') {
      if (offset === i || offset === i + 1) return { kind: 'unquoted', wordStart, wordEnd: endWord(i) };
      i += 2;
      continue;
    }
    if (c === "'") {
      const close = closeSingle(text, i);
      if (offset > i && offset < close) return { kind: 'single', open: i, close };
      i = close + 1;
      continue;
    }
    if (c === '$' && text[i + 1] === "'") {
      const close = closeAnsi(text, i + 1);
      if (offset > i && offset < close) return { kind: 'ansi' };
      i = close + 1;
      continue;
    }
    if (c === '"') {
      const close = closeDouble(text, i);
      if (offset > i && offset < close) return { kind: 'double', open: i, close };
      i = close + 1;
      continue;
    }
    if (offset === i) return { kind: 'unquoted', wordStart, wordEnd: endWord(i) };
    i++;
  }
  return undefined;
}

function closeSingle(text: string, open: number): number {
  const close = text.indexOf("'", open + 1);
  return close === -1 ? text.length : close;
}

function closeAnsi(text: string, open: number): number {
  for (let j = open + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === "'") return j;
  }
  return text.length;
}

function closeDouble(text: string, open: number): number {
  for (let j = open + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j;
  }
  return text.length;
}

/** Characters that mean something inside double quotes, so a word holding one cannot simply be wrapped. */
export function isSafeInDoubleQuotes(word: string): boolean {
  return !/["'$`\\!\s]/.test(word);
}

/** A `NAME=` assignment prefix of an unquoted word (shell assignment, inline env, `-e NAME=`). */
export function assignmentPrefix(word: string): string | undefined {
  return /^[A-Za-z_][A-Za-z0-9_]*=/.exec(word)?.[0];
}
