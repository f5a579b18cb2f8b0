// The build records what the regex readers say about each built-in rule (dist/rule-shapes.json),
// and compileRules uses a record only for a rule that is exactly the recorded one. A stale or
// misapplied record would change what the scanner finds, so: every record equals a live read of
// the rule, a rule that differs from its record is read live, and scans with and without the
// records find the same things.
import { describe, expect, it } from 'vitest';
import { loadBuiltinRules, loadBuiltinShapes } from '../../src/rules/builtin.js';
import { compileRules, scanFragment } from '../../src/scanner/index.js';
import { readShape, recordedShape } from '../../src/scanner/shapes.js';
import { deriveAnchors } from '../../src/scanner/anchors.js';
import { literalsWorthChecking } from '../../src/scanner/required-literals.js';
import { readLiteralGates } from '../../src/scanner/literal-gates.js';
import { FakeTokens, seededRandom } from '../../src/util/fake-tokens.js';
import { globMatcher } from '../../src/util/globs.js';
import type { Fragment, Rule } from '../../src/types/index.js';

const rules = loadBuiltinRules();
const shapes = loadBuiltinShapes();

describe('recorded regex shapes', () => {
  it('hold one record per built-in rule, each what a live read of the rule says', () => {
    expect([...shapes.keys()].sort()).toEqual(rules.map((rule) => rule.id).sort());
    for (const rule of rules) expect(shapes.get(rule.id), rule.id).toEqual(readShape(rule));
  });

  it('are what compileRules gives the built-in rules, and what the readers would say on first use', () => {
    const compiled = compileRules(rules, globMatcher, { shapes });
    for (const entry of compiled.rules) {
      expect(entry.required, entry.rule.id).toEqual(literalsWorthChecking(entry.rule));
      const anchors = deriveAnchors(entry.regex.source, entry.regex.flags);
      const usable = anchors !== undefined && anchors.reach > 0 && !anchors.foldsCase;
      expect(entry.anchored?.anchors ?? null, entry.rule.id).toEqual(usable ? anchors : null);
      if (entry.anchored) expect(entry.anchored.sticky.flags, entry.rule.id).toBe(`${entry.regex.flags}y`);
      expect(entry.gates?.shape ?? null, entry.rule.id).toEqual(readLiteralGates(entry.regex.source, entry.regex.flags, entry.rule.keywords));
    }
  });

  it('are not used for a rule that differs from its record in regex, case flag or keywords', () => {
    const base = rules.find((rule) => rule.id === 'basic-auth-url')!;
    expect(recordedShape(base, shapes)).toBeDefined();
    const variants: Rule[] = [
      { ...base, regex: `${base.regex}(?:)` },
      { ...base, caseInsensitive: !base.caseInsensitive },
      { ...base, keywords: [...base.keywords, 'extra'] },
      { ...base, keywords: ['other', ...base.keywords.slice(1)] },
    ];
    for (const variant of variants) {
      expect(recordedShape(variant, shapes)).toBeUndefined();
      const [entry] = compileRules([variant], globMatcher, { shapes }).rules;
      // Read on first use, as for any rule without a record.
      expect(entry!.required).toBeUndefined();
      expect(entry!.anchored).toBeUndefined();
    }
    expect(recordedShape({ ...base, id: 'corp-url' }, shapes)).toBeUndefined();
  });

  it('leave findings unchanged: seeded texts scanned with and without them', () => {
    const tokens = new FakeTokens(6161);
    const random = seededRandom(6161);
    const samples = [
      () => `HF_TOKEN = "${tokens.huggingFace()}"`,
      () => `url = "https://user:${tokens.chars('alnum', 20)}@db.example.com:5432/x"`,
      () => `export RUNPOD_API_KEY=${tokens.runpod()}`,
      () => `wandb.login(key="${tokens.chars('hex', 40)}")`,
      () => `machine api.wandb.ai\n  login user\n  password ${tokens.chars('hex', 40)}`,
      () => `https://hooks.slack.com/services/T${tokens.chars('upperdigit', 8)}/B${tokens.chars('upperdigit', 8)}/${tokens.chars('alnum', 24)}`,
      () => `aws_access_key_id = AKIA${tokens.chars('upperdigit', 16)}`,
      () => 'token = os.environ.get("HF_TOKEN")  # hf_xxxx',
      () => `x = ${Math.floor(random() * 1000)}`,
    ];
    const withShapes = compileRules(rules, globMatcher, { shapes });
    const without = compileRules(rules, globMatcher);
    let found = 0;
    for (let round = 0; round < 300; round++) {
      const lines: string[] = [];
      for (let i = 1 + Math.floor(random() * 8); i > 0; i--) lines.push(samples[Math.floor(random() * samples.length)]!());
      const fragment: Fragment = { path: round % 2 ? 'train.py' : 'config/.env', text: lines.join(random() < 0.3 ? '\r\n' : '\n') };
      const expected = scanFragment(fragment, without);
      expect(scanFragment(fragment, withShapes), fragment.text).toEqual(expected);
      found += expected.length;
    }
    expect(found).toBeGreaterThan(300);
  });
});
