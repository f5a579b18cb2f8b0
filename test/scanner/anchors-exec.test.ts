import { describe, expect, it } from 'vitest';
import { deriveAnchors, type Anchors } from '../../src/scanner/anchors.js';
import { AnchoredSearch } from '../../src/scanner/anchors-exec.js';
import { compileRules } from '../../src/scanner/compile.js';
import { findMatches } from '../../src/scanner/match.js';
import { Budget } from '../../src/scanner/budget.js';
import type { Rule } from '../../src/types/index.js';
import { FakeTokens, seededRandom } from '../../src/util/fake-tokens.js';
import { builtinCompiled } from '../support/rules.js';

type Hit = [number, ...(string | undefined)[]];

/** Every hit of a global regex over the text, resuming as collectMatches does. */
function plainHits(regex: RegExp, text: string): Hit[] {
  const hits: Hit[] = [];
  regex.lastIndex = 0;
  for (let hit = regex.exec(text); hit; hit = regex.exec(text)) {
    if (hit[0].length === 0) regex.lastIndex++;
    hits.push([hit.index, ...hit]);
  }
  return hits;
}

function anchoredHits(regex: RegExp, anchors: Anchors, text: string): Hit[] {
  const search = new AnchoredSearch(new RegExp(regex.source, `${regex.flags}y`), text, anchors);
  const hits: Hit[] = [];
  let from = 0;
  for (let hit = search.exec(from); hit; hit = search.exec(from)) {
    from = hit.index + hit[0].length + (hit[0].length === 0 ? 1 : 0);
    hits.push([hit.index, ...hit]);
  }
  return hits;
}

// ML-repository shapes the rules see every day, with `{{charset:n}}` markers for fake values.
const SNIPPETS = [
  'import os\ntoken = os.environ.get("HF_TOKEN")\n',
  'from runpod import api\nrunpod.api_key = "{{upperdigit:40}}"\n',
  'api.runpod.ai/graphql\n  key: {{upperdigit:40}}\n',
  '    import runpod\n\n    KEY = \'{{upperdigit:40}}\'\n',
  'DATABASE_URL=postgres://admin:{{alnum:16}}@db.internal:5432/app\n',
  'git clone https://user:{{alnum:20}}@github.com/org/repo.git\n',
  'url = "redis://:{{alnum:12}}@cache:6379/0"  # ://:@\n',
  'machine api.wandb.ai\n  login user\n  password {{hex:40}}\n',
  'default login anonymous password {{alnum:12}}\n',
  'WANDB_API_KEY={{hex:40}}\nWandb_Key: "{{hex:40}}"\n',
  '{"cells": [{"source": ["!wandb login {{hex:40}}\\n", "hf_{{alnum:34}}"]}]}',
  'wandb:\n  project: demo\n  api_key: {{hex:40}}\n',
  'revision = "{{hex:40}}"  # tokenizer\n',
  'https://hooks.slack.com/services/{{alnum:44}}\n',
  'aws_secret_access_key = {{b64url:40}}\nAKIA{{upperdigit:16}}\n',
  'sk-ant-oat01-{{b64url:60}} sk-ant-ort01-{{b64url:60}}\n',
  '"username":"someone","key":"{{hex:32}}"\n',
  'ssh://git@host:22/x https://a:b@ ftp://u:pw@@x\n',
  '://::://@@ machinemachine defaultdefault api.runpod.api.runpod.\n',
];

const NOISE = ['\n', ' ', '', '"', "'", '\\n', '\r\n', '\t', '=', ':', '@', '/', '://', '#', 'é', 'İ', '\u2028'];

describe('AnchoredSearch', () => {
  const compiled = builtinCompiled();
  const anchored = compiled.rules.flatMap((rule) => {
    const anchors = deriveAnchors(rule.regex.source, rule.regex.flags);
    return anchors && !anchors.foldsCase ? [{ rule, anchors }] : [];
  });
  const tokens = new FakeTokens(13);
  const random = seededRandom(13);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const examples = compiled.rules.flatMap(({ rule }) => [...rule.examples.match, ...rule.examples.noMatch]);

  function mutate(text: string): string {
    let out = text;
    for (let edits = Math.floor(random() * 4); edits > 0; edits--) {
      const at = Math.floor(random() * (out.length + 1));
      const kind = Math.floor(random() * 5);
      if (kind === 0) out = out.slice(0, at) + out.slice(at + 1);
      else if (kind === 1) out = out.slice(0, at) + pick(NOISE) + out.slice(at);
      else if (kind === 2) out = out.slice(0, at) + out.slice(at, at + 12) + out.slice(at);
      else if (kind === 3) out = out.slice(0, at) + out.slice(at).toUpperCase();
      else out = out.slice(0, at) + out.slice(at).toLowerCase();
    }
    return out;
  }

  function generated(): string {
    const parts: string[] = [];
    for (let n = 1 + Math.floor(random() * 5); n > 0; n--) {
      const template = random() < 0.5 ? pick(SNIPPETS) : pick(examples);
      parts.push(mutate(tokens.expand(template)));
      parts.push(pick(NOISE));
    }
    return parts.join('');
  }

  it('has anchors for the rules whose matches start before their literal', () => {
    const ids = anchored.filter(({ anchors }) => anchors.reach > 0).map(({ rule }) => rule.rule.id);
    expect(ids).toEqual(expect.arrayContaining(['basic-auth-url', 'runpod-api-key-legacy-nearby', 'slack-webhook-url']));
  });

  it('finds exactly what plain exec finds, for every anchored built-in rule', () => {
    const texts: string[] = [];
    for (const example of examples) texts.push(tokens.expand(example));
    for (let i = 0; i < 2500; i++) texts.push(generated());
    // Anchors at the very start and end of the text, and overlapping one another.
    for (const { anchors } of anchored) {
      for (const literal of anchors.literals) {
        texts.push(literal, `${literal}${literal}`, `${literal}${generated()}`, `${generated()}${literal}`, `${literal.slice(0, -1)}${literal}`);
      }
    }
    let hits = 0;
    for (const { rule, anchors } of anchored) {
      for (const text of texts) {
        const expected = plainHits(rule.regex, text);
        hits += expected.length;
        const actual = anchoredHits(rule.regex, anchors, text);
        if (actual.length !== expected.length || actual.some((hit, i) => hit.some((part, j) => part !== expected[i]![j]))) {
          expect.fail(`${rule.rule.id}: anchored hits differ from plain exec on a ${text.length}-character text`);
        }
      }
    }
    // The corpus must actually exercise matches, not only misses.
    expect(hits).toBeGreaterThan(1000);
  });

  it('finds a match at each of the starts within reach of one occurrence', () => {
    const anchors = deriveAnchors('[a-z]{1,3}://', 'g')!;
    expect(anchors.reach).toBe(3);
    const regex = /[a-z]{1,3}:\/\//g;
    for (const text of ['ab://', 'x://', '1abc://', 'abcd://', '://', 'a://b://', 'ab:// cd://']) {
      expect(anchoredHits(regex, anchors, text)).toEqual(plainHits(regex, text));
    }
  });
});

function userRule(id: string, regex: string): Rule {
  return { id, provider: 'corp', description: `${id} test rule`, regex, keywords: ['corp_'], envVar: 'CORP_TOKEN', docsUrl: 'https://corp.example.com/tokens', examples: { match: [], noMatch: [] } } as Rule;
}

describe('findMatches with anchored and plain user rules', () => {
  const tokens = new FakeTokens(29);
  const bodies = [tokens.chars('alnum', 24), tokens.chars('alnum', 24), tokens.chars('alnum', 24)];
  const text = `a:corp_${bodies[0]!}\nx = "corp_${bodies[1]!}"\nlonger:corp_${bodies[2]!} corp_${bodies[0]!}\n`;
  const anchoredRule = userRule('corp-scoped', '(?<![a-z])[a-z]{1,8}:corp_([A-Za-z0-9]{24})\\b');
  const backref = { ...userRule('corp-quoted', '(["\'])corp_([A-Za-z0-9]{24})\\1'), secretGroup: 2 };

  it('anchors only the rule its reader understands, and both find their hits', () => {
    expect(deriveAnchors(anchoredRule.regex, 'g')).toEqual({ literals: [':corp_'], reach: 8, foldsCase: false });
    expect(deriveAnchors(backref.regex, 'g')).toBeUndefined();
    const compiled = compileRules([anchoredRule, backref]);
    const found = findMatches(text, compiled.rules).map((match) => [match.compiled.rule.id, match.secret, match.start]);
    expect(found).toEqual([
      ['corp-scoped', bodies[0], text.indexOf(bodies[0]!)],
      ['corp-quoted', bodies[1], text.indexOf(bodies[1]!)],
      ['corp-scoped', bodies[2], text.indexOf(bodies[2]!)],
    ]);
  });

  it('runs an anchored rule under the interrupting guard too', () => {
    const compiled = compileRules([anchoredRule], undefined, { guarded: new Set(['corp-scoped']) });
    const found = findMatches(text, compiled.rules, undefined, new Budget(5_000)).map((match) => match.secret);
    expect(found).toEqual([bodies[0], bodies[2]]);
  });
});
