// literalChains finds glue points by visiting quotes with indexOf and trying a sticky regex only
// where the next character can continue a glue. It must find exactly the chains that searching
// with the global regex finds, which is what it did before (kept here as the reference).
import { describe, expect, it } from 'vitest';
import { literalChains, type LiteralChain } from '../../src/scanner/split-literals.js';
import { seededRandom } from '../../src/util/fake-tokens.js';

const LITERAL = String.raw`(["'])[\w\-./+=:@]{1,200}\1`;
const GLUE = String.raw`[ \t]{0,20}(?:\+[ \t]{0,20})?(?:\\?\r?\n[ \t]{0,40})?`;
const CHAIN_AT = new RegExp(`${LITERAL}(?:${GLUE}[fFrRbBuU]{0,2}(["'])[\\w\\-./+=:@]{1,200}\\2){1,7}`, 'y');
const PART = /[fFrRbBuU]{0,2}(["'])([\w\-./+=:@]{1,200})\1/g;
const GLUE_AT = /["'](?:[ \t]{0,20}(?:\+[ \t]{0,20})?(?:\\?\r?\n[ \t]{0,40})?)[fFrRbBuU]{0,2}["']/g;
const CONTENT = /^[\w\-./+=:@]{1,200}$/;

/** The search by the global regex, as literalChains did it before. */
function referenceChains(text: string): LiteralChain[] {
  const chains: LiteralChain[] = [];
  GLUE_AT.lastIndex = 0;
  for (let glue = GLUE_AT.exec(text); glue; glue = GLUE_AT.exec(text)) {
    const closing = glue.index;
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
    const parts: LiteralChain['parts'] = [];
    let joined = '';
    PART.lastIndex = 0;
    for (let part = PART.exec(hit[0]); part; part = PART.exec(hit[0])) {
      const content = part[2] ?? '';
      parts.push({ textOffset: hit.index + part.index + part[0].length - 1 - content.length, joinedOffset: joined.length, length: content.length });
      joined += content;
    }
    if (parts.length >= 2) chains.push({ joined, parts });
    GLUE_AT.lastIndex = hit.index + hit[0].length;
  }
  return chains;
}

// Pieces that make glue and near-glue: quotes, blanks, `+`, line breaks with and without a
// backslash, string prefixes, docstring quotes, and the punctuation that usually follows a quote.
const PIECES = ['"', "'", '"""', ' ', '\t', '+', ' + ', '\\\n', '\r\n', '\n', 'f', 'rb', 'U', 'hf_', 'abc', 'x9', '-', '.', ')', ',', ':', '(', '=', 'é', '中'];
// Whole literals, so that chains (and chains broken by one wrong piece) are common.
const LITERALS = ['"hf_ab"', "'cd9'", 'f"x.y"', "rb'z-1'", '"a b"', '""', "''"];

describe('literalChains search', () => {
  it('finds the chains the global regex search finds, on generated code', () => {
    const random = seededRandom(1313);
    let withChains = 0;
    for (let round = 0; round < 5000; round++) {
      let text = '';
      for (let i = Math.floor(random() * 40); i > 0; i--) {
        const pieces = random() < 0.4 ? LITERALS : PIECES;
        text += pieces[Math.floor(random() * pieces.length)];
      }
      const expected = referenceChains(text);
      if (expected.length > 0) withChains++;
      expect(literalChains(text)).toEqual(expected);
    }
    // The generator must actually produce chains, or the comparison proves little.
    expect(withChains).toBeGreaterThan(500);
  });

  it('finds chains at the very start and end of the text and after a quote that is not glue', () => {
    for (const text of ['"hf_ab" "cd"', `x = ("hf_ab"\n    "cd")`, `print("a"), 'b' + 'c'`, `'''doc''' "a"+"b"`, `"a" "b`, `"a" \\\r\n "b"`]) {
      expect(literalChains(text)).toEqual(referenceChains(text));
    }
    expect(literalChains(`x = ("hf_ab"\n    "cd")`).map((chain) => chain.joined)).toEqual(['hf_abcd']);
  });
});
