import { describe, expect, it } from 'vitest';
import { activeRulesInBytes } from '../../src/scanner/index.js';
import { activeRules } from '../../src/scanner/match.js';
import { compileRules } from '../../src/scanner/index.js';
import { FakeTokens, seededRandom } from '../../src/util/fake-tokens.js';
import type { Rule } from '../../src/types/index.js';
import { builtinCompiled } from '../support/rules.js';

const ids = (rules: { rule: { id: string } }[] | undefined): string[] => (rules ?? []).map((entry) => entry.rule.id).sort();

/** Random text built to hit keyword edges: mixed case, keyword fragments, non-ASCII, buffer ends. */
function noisyText(random: () => number, keywords: string[]): string {
  const pieces = ['\n', ' ', 'é', '日本', '\u00c5', 'ſ', '_', '-', 'x', 'K', '\u212a', '"', '\\u0068'];
  let text = '';
  const length = Math.floor(random() * 60);
  for (let i = 0; i < length; i++) {
    const roll = random();
    if (roll < 0.35) {
      const keyword = keywords[Math.floor(random() * keywords.length)] ?? '';
      const cut = random() < 0.3 ? Math.floor(random() * keyword.length) : keyword.length;
      text += [...keyword.slice(0, cut)].map((char) => (random() < 0.5 ? char.toUpperCase() : char)).join('');
    } else {
      text += pieces[Math.floor(random() * pieces.length)];
    }
  }
  return text;
}

describe('byte-level keyword prefilter', () => {
  const compiled = builtinCompiled();

  // The definition: a rule is active when one of its keywords occurs, ignoring ASCII case. (The
  // RegExp prefilter finds non-overlapping hits only, so `wandb_v1_` can hide `wandb`; the byte
  // prefilter sees both: it selects a superset of the RegExp's rules, never fewer.)
  const reference = (text: string): string[] => {
    const folded = text.replace(/[A-Z]/g, (char) => char.toLowerCase());
    return compiled.rules.filter((entry) => entry.rule.keywords.some((keyword) => folded.includes(keyword.toLowerCase()))).map((entry) => entry.rule.id).sort();
  };

  it('selects exactly the rules whose keywords occur, ignoring ASCII case, on noisy text', () => {
    const random = seededRandom(99);
    for (let round = 0; round < 3000; round++) {
      const text = noisyText(random, compiled.keywords);
      const selected = ids(activeRulesInBytes(Buffer.from(text, 'utf8'), compiled));
      expect(selected, JSON.stringify(text)).toEqual(reference(text));
      expect(selected).toEqual(expect.arrayContaining(ids(activeRules(text, compiled))));
    }
  });

  it('selects the provider rules for real tokens in ML code', () => {
    const tokens = new FakeTokens(5);
    const text = `import wandb\nHF_TOKEN = "${tokens.huggingFace()}"\nclient = OpenAI(api_key="${tokens.openai()}")\n`;
    const selected = ids(activeRulesInBytes(Buffer.from(text), compiled));
    expect(selected).toEqual(ids(activeRules(text, compiled)));
    expect(selected).toEqual(expect.arrayContaining(['huggingface-user-token', 'openai-api-key', 'wandb-api-key']));
  });

  it('finds nothing in text without keywords, and nothing in an empty buffer', () => {
    expect(activeRulesInBytes(Buffer.from('plain prose about models and data\n'), compiled)).toEqual([]);
    expect(activeRulesInBytes(Buffer.alloc(0), compiled)).toEqual([]);
  });

  it('falls back (undefined) when a keyword is not ASCII, so the text prefilter decides', () => {
    const rule: Rule = {
      id: 'custom-umlaut', provider: 'custom', description: 'test rule', regex: 'schlüssel=(\\w{8})', keywords: ['schlüssel'],
      envVar: 'CUSTOM_KEY', docsUrl: 'https://example.invalid', examples: { match: [], noMatch: [] },
    };
    expect(activeRulesInBytes(Buffer.from('schlüssel=abcdefgh'), compileRules([rule]))).toBeUndefined();
  });
});
