// Literal gates (src/scanner/literal-gates.ts) let a rule skip a text that lacks a literal its
// matches need, or run without the alternatives whose literals the text lacks. That is only sound
// if the gated rule finds exactly what the whole one finds, so besides the reader's own cases
// every gated built-in rule is scanned with and without its gates over its examples, the
// examples with their gate literals removed or re-cased, and seeded mixtures of them.
import { describe, expect, it } from 'vitest';
import { loadBuiltinRules, loadBuiltinShapes } from '../../src/rules/builtin.js';
import { readLiteralGates, sourceWithBranches, type BranchSplit } from '../../src/scanner/literal-gates.js';
import { candidatesInBytes, compileRules, scanFragment, type CompiledRules } from '../../src/scanner/index.js';
import { activeRules, regexHits } from '../../src/scanner/match.js';
import { FakeTokens, seededRandom } from '../../src/util/fake-tokens.js';
import { globMatcher } from '../../src/util/globs.js';
import type { Finding, Fragment } from '../../src/types/index.js';

const rules = loadBuiltinRules();
const gatedCompiled = compileRules(rules, globMatcher, { shapes: loadBuiltinShapes() });
/** The same rule set with every gate taken off: what the scanner did before gates existed. */
const ungated: CompiledRules = { ...gatedCompiled, rules: gatedCompiled.rules.map(({ gates: _gates, ...rule }) => rule) };
const gatedRules = gatedCompiled.rules.filter((entry) => entry.gates);
const gateLiterals = [...new Set(gatedRules.flatMap((entry) => [...entry.gates!.shape.required, ...(entry.gates!.shape.split?.literals.flat() ?? [])]))];

function read(source: string, keywords: string[], flags = 'g'): BranchSplit | null {
  return readLiteralGates(new RegExp(source, flags).source, flags, keywords)?.split ?? null;
}

function requiredOf(source: string, keywords: string[], flags = 'g'): readonly string[] {
  return readLiteralGates(new RegExp(source, flags).source, flags, keywords)?.required ?? [];
}

describe('readLiteralGates', () => {
  it('requires the literals of one choice every match holds, in lower case, past the keywords', () => {
    expect(requiredOf('\\bsvc[_.-]?key[ \\t]{0,4}=[ \\t]{0,4}(SK-[A-Za-z0-9]{20})', ['svc'], 'gi')).toEqual(['key', 'sk-']);
    // A choice of literals (`key|token`) is not required; a literal a keyword holds, or that holds one, is not either.
    expect(requiredOf('\\bsvc(?:key|token)=(sk-[0-9]{20})', ['svc'])).toEqual(['sk-']);
    expect(requiredOf('svc_key=([0-9]{20})', ['svc'])).toEqual([]);
    expect(requiredOf('svc=(sv[0-9]{20})', ['svc'])).toEqual([]);
    expect(readLiteralGates('svc=([0-9]{20})', 'g', ['svc'])).toBeNull();
  });

  it('gates the branches that open with a literal other than the keyword, and keeps the rest', () => {
    const gates = read('(?:svc[_-]?key|\\bmachine\\s{1,5}svc\\.example|\\bapi:(?=[0-9a-f]{8}@svc))[ \\t]{0,4}=?[ \\t]{0,4}([0-9a-f]{32})', ['svc']);
    expect(gates).not.toBeNull();
    expect(gates!.head).toBe('(?:');
    expect(gates!.branches).toEqual(['svc[_-]?key', '\\bmachine\\s{1,5}svc\\.example', '\\bapi:(?=[0-9a-f]{8}@svc)']);
    expect(gates!.literals).toEqual([[], ['machine'], ['api:']]);
    expect(gates!.tail).toBe(')[ \\t]{0,4}=?[ \\t]{0,4}([0-9a-f]{32})');
    expect(sourceWithBranches(gates!, 0b101)).toBe('(?:svc[_-]?key|\\bapi:(?=[0-9a-f]{8}@svc))[ \\t]{0,4}=?[ \\t]{0,4}([0-9a-f]{32})');
  });

  it('finds the group behind a leading lookbehind, and a top-level alternation without one', () => {
    const behind = read('(?<![\\w.-])(?:alpha[ \\t]x|beta[ \\t]y)[ \\t]pass[ \\t]([^\\s]{6,20})', ['pass']);
    expect(behind!.head).toBe('(?<![\\w.-])(?:');
    expect(behind!.literals).toEqual([['alpha'], ['beta']]);
    const top = read('alpha-([0-9]{8})|beta-([0-9]{8})', ['zeta']);
    // Each branch holds a capturing group: dropping one would renumber the next.
    expect(top).toBeNull();
    const plain = read('alpha-[0-9]{8}|beta-[0-9]{8}', ['zeta']);
    expect(plain!.head).toBe('(?:');
    expect(plain!.tail).toBe(')');
    expect(plain!.literals).toEqual([['alpha-'], ['beta-']]);
  });

  it('lower-cases literals, and takes every case of a class as one literal', () => {
    const gates = read('(?:[Mm]achine|DEFAULT)\\s([0-9]{6})', ['pw']);
    expect(gates!.literals).toEqual([['machine'], ['default']]);
    expect(read('(?:Machine|default)\\s([0-9]{6})', ['pw'], 'gi')!.literals).toEqual([['machine'], ['default']]);
  });

  it('gates nothing where it would be unsound or useless', () => {
    // A backreference anywhere.
    expect(read('(?:alpha|beta)(["\'])x\\1', ['x'])).toBeNull();
    // A quantified group is not one alternation per match.
    expect(read('(?:alpha|beta){1,3}x([0-9]{6})', ['x'])).toBeNull();
    // Literals shorter than three characters, related to a keyword, or outside printable ASCII.
    expect(read('(?:ab|cd)x([0-9]{6})', ['x'])).toBeNull();
    expect(read('(?:machine_key|machine svc)([0-9]{6})', ['machine'])).toBeNull();
    expect(read('(?:machine_key|mach)([0-9]{6})', ['machine'])).toBeNull();
    expect(read('(?:café-x|naïve-y)([0-9]{6})', ['x'])).toBeNull();
    // A branch without a literal at its start stays, and is not a reason to gate the others less.
    expect(read('(?:[a-z]{2,8}|alpha)=([0-9]{6})', ['x'])!.literals).toEqual([[], ['alpha']]);
    // A capturing group only keeps its own branch ungated.
    expect(read('(?:(alpha)|beta)=([0-9]{6})', ['x'])!.literals).toEqual([[], ['beta']]);
    // A rule searched near its anchors (matches start before them) already skips to them.
    expect(read('(?:[a-z]{2}alpha|[a-z]{2}beta)=([0-9]{6})', ['x'])).toBeNull();
    expect(read('(?:alpha|beta)=([0-9]{6})', ['x'])).not.toBeNull();
    // No alternation at all.
    expect(read('alpha=([0-9]{6})', ['x'])).toBeNull();
  });
});

describe('gated built-in rules', () => {
  it('include the rules whose cost the gates were made for', () => {
    const byId = new Map(gatedRules.map((entry) => [entry.rule.id, entry.gates!.shape]));
    expect(byId.get('wandb-api-key')?.split?.literals.flat()).toEqual(['machine', 'api:']);
    expect(byId.get('netrc-password')?.split?.literals).toEqual([['machine'], ['default']]);
    expect(byId.get('stability-api-key')?.required).toEqual(['sk-']);
    // The literals are keywords of the byte table, after every rule keyword.
    const ruleKeywords = new Set(rules.flatMap((rule) => rule.keywords.map((keyword) => keyword.toLowerCase())));
    for (const entry of gatedRules) {
      const { shape, required, branches } = entry.gates!;
      expect(required.map((id) => gatedCompiled.keywords[id])).toEqual(shape.required);
      expect(branches.map((ids) => ids.map((id) => gatedCompiled.keywords[id]))).toEqual(shape.split?.literals ?? []);
      for (const id of [...required, ...branches.flat()]) if (!ruleKeywords.has(gatedCompiled.keywords[id]!)) expect(id).toBeGreaterThanOrEqual(ruleKeywords.size);
    }
  });

  it('run as a copy without the branches whose literals are absent, and closed when none is left', () => {
    const netrc = gatedCompiled.rules.find((entry) => entry.rule.id === 'netrc-password')!;
    const tokens = new FakeTokens(4242);
    const secret = `${tokens.chars('alnum', 14)}42`;
    const runs = (text: string) => activeRules(text, gatedCompiled).find((entry) => entry.rule.id === 'netrc-password' || entry.whole === netrc);
    const closed = runs(`password ${secret}`)!;
    expect(closed.closed).toBe(true);
    expect(closed.whole).toBe(netrc);
    expect(runs(`machine x login y password ${secret}\ndefault login y password ${secret}`)).toBe(netrc);
    expect(runs(`machine x login y password ${secret}`)!.whole).toBe(netrc);
    const defaultOnly = runs(`default login y password ${secret}`)!;
    expect(defaultOnly.whole).toBe(netrc);
    expect(defaultOnly.regex.source).not.toContain('machine');
    // The whole rule runs plainly (its anchors start every match), so its copies do, with no anchors read.
    expect(netrc.anchored).toBeNull();
    expect(defaultOnly.anchored).toBeNull();
    // One copy per set of kept branches.
    expect(runs(`DEFAULT login z password ${secret}`)).toBe(defaultOnly);
    expect(runs(`PASSWORD ${secret}`)).toBe(closed);
    const stability = gatedCompiled.rules.find((entry) => entry.rule.id === 'stability-api-key')!;
    const stabilityIn = (text: string) => activeRules(text, gatedCompiled).find((entry) => entry.rule.id === 'stability-api-key');
    expect(stabilityIn('STABILITY_API_KEY = os.environ["STABILITY_API_KEY"]')!.closed).toBe(true);
    expect(stabilityIn(`STABILITY_API_KEY = "SK-${tokens.chars('alnum', 48)}"`)).toBe(stability);
  });

  it('never run the regex of a closed copy', () => {
    const fresh = compileRules(rules, globMatcher, { shapes: loadBuiltinShapes() });
    // The dash keeps the rule's own required-character check (`-`) from settling it first.
    const text = 'STABILITY_API_KEY = os.environ["STABILITY_API_KEY"]  # set-up\n';
    const closed = activeRules(text, fresh).find((entry) => entry.rule.id === 'stability-api-key')!;
    expect(closed.closed).toBe(true);
    closed.regex = new Proxy(closed.regex, { get: () => { throw new Error('a closed rule ran'); } });
    expect(() => scanFragment({ path: 'train.py', text }, fresh)).not.toThrow();
    expect(regexHits(text, closed)).toBe(false);
  });

  it('find exactly what the whole rules find: examples, examples without their gate literals, mixtures', () => {
    const tokens = new FakeTokens(9090);
    const texts: string[] = [];
    for (const entry of gatedRules) {
      for (const template of [...entry.rule.examples.match, ...entry.rule.examples.noMatch]) {
        const text = tokens.expand(template);
        texts.push(text);
        for (const literal of gateLiterals) {
          if (!text.toLowerCase().includes(literal)) continue;
          const at = new RegExp(literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
          texts.push(text.replace(at, (found) => `${found.slice(0, -1)}#`));
          texts.push(text.replace(at, (found) => found.toUpperCase()));
          texts.push(`${literal}\n${text.replace(at, (found) => found.slice(1))}`);
        }
      }
    }
    const random = seededRandom(9090);
    for (let round = 0; round < 300; round++) {
      const parts: string[] = [];
      for (let i = 1 + Math.floor(random() * 5); i > 0; i--) {
        parts.push(random() < 0.3 ? gateLiterals[Math.floor(random() * gateLiterals.length)]! : texts[Math.floor(random() * texts.length)]!);
      }
      texts.push(parts.join(random() < 0.5 ? '\n' : ' '));
    }
    let found = 0;
    for (const text of texts) {
      for (const path of ['train.py', 'config/.env', 'job.sbatch']) {
        const fragment: Fragment = { path, text };
        const expected = scanFragment(fragment, ungated);
        expect(scanFragment(fragment, gatedCompiled), `${path}: ${text}`).toEqual(expected);
        // The tree scan's path: the rules come from the raw bytes.
        const candidates = candidatesInBytes(Buffer.from(text), gatedCompiled)!;
        expect(scanFragment(fragment, gatedCompiled, { candidates: candidates.rules }), `${path} (bytes): ${text}`).toEqual(expected);
        found += expected.length;
      }
    }
    expect(found).toBeGreaterThan(200);
  });

  it('run whole over joined string literals, where a gate literal may itself be split', () => {
    const tokens = new FakeTokens(5151);
    const key = tokens.chars('hex', 40);
    const text = `URL = "https://ap" "i:${key.slice(0, 20)}" "${key.slice(20)}@api.wandb.ai/graphql"\n`;
    const findings: Finding[] = scanFragment({ path: 'setup.py', text }, gatedCompiled);
    expect(findings.map((finding) => [finding.ruleId, finding.secret, finding.split])).toEqual([['wandb-api-key', key, true]]);
    expect(findings).toEqual(scanFragment({ path: 'setup.py', text }, ungated));
    // A required literal split the same way: the rule is closed for the text, and runs whole over the chain.
    const stabilityKey = `sk-${tokens.chars('alnum', 48)}`;
    const joined = `env = "STABILITY_API_KEY=${stabilityKey.slice(0, 1)}" "${stabilityKey.slice(1)}"\n`;
    expect(activeRules(joined, gatedCompiled).find((entry) => entry.rule.id === 'stability-api-key')?.closed).toBe(true);
    const split = scanFragment({ path: 'env.py', text: joined }, gatedCompiled);
    expect(split.map((finding) => [finding.ruleId, finding.secret])).toEqual([['stability-api-key', stabilityKey]]);
    expect(split).toEqual(scanFragment({ path: 'env.py', text: joined }, ungated));
    // Where string literals cannot join, a text whose rules are all closed is not searched at all.
    expect(scanFragment({ path: 'env.json', text: joined }, gatedCompiled)).toEqual([]);
  });
});
