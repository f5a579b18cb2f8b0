/**
 * Credentials split across string literals so no single literal holds the whole token:
 * `"hf_MwTiJezZ" + "SQDYazBXKIq…"`, Python's implicit `("hf_…" "…")`, shell's `"hf_…""…"`. People
 * do this to dodge scanners and push protection; the peers' per-literal regexes never see them.
 * We join each chain of adjacent literals and let the ordinary rules judge the joined text.
 */

// Data formats have no string concatenation; skipping them keeps this pass off the largest files
// of an ML repository (lock files, JSON and JSONL dumps, CSVs, logs).
const DATA_FILE = /\.(?:json|jsonl|ndjson|lock|csv|tsv|txt|log|svg|xml|map)$/i;

/** Whether a file's language can concatenate string literals at all. */
export function mayConcatenate(path: string): boolean {
  return !DATA_FILE.test(path) && !path.endsWith('package-lock.json');
}

export interface LiteralChain {
  /** The literals' contents, joined in order. */
  joined: string;
  /** For each literal: its content's offset in the scanned text and in `joined`. */
  parts: { textOffset: number; joinedOffset: number; length: number }[];
}

// A literal: a quote, token-ish characters, the same quote; later parts may carry a string prefix
// (f, r, b, u). The chain starts at a quote so the regex engine can skip ahead to quote characters.
// Bounded everywhere: this runs on every file that holds a rule keyword.
const LITERAL = String.raw`(["'])[\w\-./+=:@]{1,200}\1`;
const GLUE = String.raw`[ \t]{0,20}(?:\+[ \t]{0,20})?(?:\\?\r?\n[ \t]{0,40})?`;
const CHAIN = new RegExp(`${LITERAL}(?:${GLUE}[fFrRbBuU]{0,2}(["'])[\\w\\-./+=:@]{1,200}\\2){1,7}`, 'g');
const PART = /[fFrRbBuU]{0,2}(["'])([\w\-./+=:@]{1,200})\1/g;

// Where one literal ends and the next begins: a closing quote, glue, an opening quote. Most quotes
// in a file fail this after a character or two, so it is far cheaper than trying CHAIN at every
// quote; CHAIN then runs only from the literal before each glue point.
const GLUE_AT = /["'](?:[ \t]{0,20}(?:\+[ \t]{0,20})?(?:\\?\r?\n[ \t]{0,40})?)[fFrRbBuU]{0,2}["']/y;
const CONTENT = /^[\w\-./+=:@]{1,200}$/;
const CHAIN_AT = new RegExp(CHAIN.source, 'y');

// What may follow the quote a glue starts at (a blank, `+`, a line break, a string prefix or the
// next quote), by character code: any other quote is passed over without running GLUE_AT.
const GLUE_NEXT = new Uint8Array(128);
for (const char of ' \t+\\\r\nfFrRbBuU"\'') GLUE_NEXT[char.charCodeAt(0)] = 1;

/** Chains of at least two adjacent string literals. */
export function literalChains(text: string): LiteralChain[] {
  const chains: LiteralChain[] = [];
  for (let closing = nextGlue(text, 0); closing !== -1; closing = nextGlue(text, GLUE_AT.lastIndex)) {
    const opening = text.lastIndexOf(text[closing] ?? '"', closing - 1);
    if (opening === -1 || !CONTENT.test(text.slice(opening + 1, closing))) {
      GLUE_AT.lastIndex = closing + 1;
      continue;
    }
    CHAIN_AT.lastIndex = opening;
    const hit = CHAIN_AT.exec(text);
    if (!hit) {
      GLUE_AT.lastIndex = closing + 1;
      continue;
    }
    const chain = chainOf(hit[0], hit.index);
    if (chain.parts.length >= 2) chains.push(chain);
    GLUE_AT.lastIndex = hit.index + hit[0].length;
  }
  return chains;
}

/**
 * Where GLUE_AT matches first at or after `from` (-1: nowhere), as a global search would find
 * it; literalChains then sets `GLUE_AT.lastIndex` to where the search goes on. Every match
 * starts at a quote, so this visits the quotes in order with indexOf (a memchr over one-byte
 * text) and tries the sticky regex only where the next character can continue a glue: a search
 * by the regex itself tested every character of the file, and most quotes in code are followed
 * by `)`, `,` or `:`.
 */
function nextGlue(text: string, from: number): number {
  let double = text.indexOf('"', from);
  let single = text.indexOf("'", from);
  while (double !== -1 || single !== -1) {
    const quote = double === -1 ? single : single === -1 ? double : Math.min(double, single);
    const next = text.charCodeAt(quote + 1);
    if (next < 128 && GLUE_NEXT[next] === 1) {
      GLUE_AT.lastIndex = quote;
      if (GLUE_AT.test(text)) return quote;
    }
    if (quote === double) double = text.indexOf('"', quote + 1);
    else single = text.indexOf("'", quote + 1);
  }
  return -1;
}

function chainOf(source: string, at: number): LiteralChain {
  const parts: LiteralChain['parts'] = [];
  let joined = '';
  PART.lastIndex = 0;
  for (let part = PART.exec(source); part; part = PART.exec(source)) {
    const content = part[2] ?? '';
    const contentStart = part.index + part[0].length - 1 - content.length;
    parts.push({ textOffset: at + contentStart, joinedOffset: joined.length, length: content.length });
    joined += content;
  }
  return { joined, parts };
}

/** Maps an offset in the joined text back to the scanned text. */
export function textOffsetOf(chain: LiteralChain, joinedOffset: number): number {
  let part = chain.parts[0]!;
  for (const candidate of chain.parts) if (candidate.joinedOffset <= joinedOffset) part = candidate;
  return part.textOffset + (joinedOffset - part.joinedOffset);
}

/** Whether [start, end) of the joined text lies inside one literal (then the plain scan saw it). */
export function withinOneLiteral(chain: LiteralChain, start: number, end: number): boolean {
  return chain.parts.some((part) => start >= part.joinedOffset && end <= part.joinedOffset + part.length);
}
