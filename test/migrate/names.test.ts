import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types/index.js';
import { contextNames, derivedName, isCommentedAt, nameValues, type ValueSite } from '../../src/migrate/names.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';

const tokens = new FakeTokens(31);
const HF = { envVar: 'HF_TOKEN', aliases: ['HUGGING_FACE_HUB_TOKEN', 'HUGGINGFACE_HUB_TOKEN'] };

function site(secret: string, line: string, path = 'x.sh', code = false): ValueSite {
  const text = line.replace('@', secret);
  const offset = text.indexOf(secret);
  const finding = { ruleId: 'huggingface-user-token', provider: 'huggingface', path, line: 1, column: offset + 1, secret, envVar: 'HF_TOKEN' } as Finding;
  return { finding, context: contextNames(text, offset, code), commented: isCommentedAt(text, offset) };
}

describe('contextNames', () => {
  it('reads the environment name the code uses', () => {
    const s = 'SECRET';
    const names = (line: string, code = false): string[] => contextNames(line, line.indexOf(s), code).filter((n) => n.strength === 'env').map((n) => n.name);
    expect(names(`export HUGGINGFACE_HUB_TOKEN=${s}`)).toEqual(['HUGGINGFACE_HUB_TOKEN']);
    expect(names(`os.environ["HUGGING_FACE_HUB_TOKEN"] = "${s}"`, true)).toEqual(['HUGGING_FACE_HUB_TOKEN']);
    expect(names(`tok = os.getenv("HF_API_TOKEN", "${s}")`, true)).toEqual(['HF_API_TOKEN']);
    expect(names(`const t = process.env.HF_TOKEN ?? "${s}"`, true)).toEqual(['HF_TOKEN']);
    expect(names(`ENV HF_TOKEN ${s}`)).toEqual(['HF_TOKEN']);
    expect(names(`      HF_TOKEN: ${s}`)).toEqual(['HF_TOKEN']);
    // In program code a constant is a variable, not an environment name.
    expect(names(`RUNPOD_TOKEN = "${s}"`, true)).toEqual([]);
    expect(contextNames(`RUNPOD_TOKEN = "${s}"`, 16, true)).toEqual([{ name: 'RUNPOD_TOKEN', strength: 'var' }]);
  });
});

describe('nameValues', () => {
  it('names a value only documentation shows after its rule, claims no name, and marks it docs-only', () => {
    const code = tokens.huggingFace();
    const prose = tokens.huggingFace();
    const inDocs = (secret: string, line: string): ValueSite => ({ ...site(secret, line, 'README.md'), docs: true });
    const named = nameValues({
      sites: [inDocs(prose, 'TOKEN=@ python train.py'), site(code, 'HF_TOKEN = os.getenv("HF_TOKEN", "@")', 'a.py', true), inDocs(code, 'uses @')],
      ruleNaming: () => HF,
      existing: new Map(),
    });
    const byValue = new Map(named.map((value) => [value.secret, value]));
    // The prose value would have been TOKEN; it neither takes that name nor pushes the code's value to HF_TOKEN_2.
    expect(byValue.get(prose)).toMatchObject({ name: 'HF_TOKEN', docsOnly: true });
    expect(byValue.get(code)).toMatchObject({ name: 'HF_TOKEN' });
    expect(byValue.get(code)?.docsOnly).toBeUndefined();
  });

  it('keeps the .env name of a documentation-only value that .env already holds (a variable after all)', () => {
    const value = tokens.huggingFace();
    const named = nameValues({ sites: [{ ...site(value, 'see @', 'README.md'), docs: true }], ruleNaming: () => HF, existing: new Map([['HUGGINGFACE_HUB_TOKEN', value]]) });
    expect(named[0]).toMatchObject({ name: 'HUGGINGFACE_HUB_TOKEN' });
    expect(named[0]?.docsOnly).toBeUndefined();
  });

  it('gives one name per value across files and keeps an alias the code uses', () => {
    const a = tokens.huggingFace();
    const named = nameValues({
      sites: [site(a, 'login(token="@")', 'a.py', true), site(a, 'ENV HUGGINGFACE_HUB_TOKEN=@', 'Dockerfile')],
      ruleNaming: () => HF,
      existing: new Map(),
    });
    expect(named).toHaveLength(1);
    expect(named[0]).toMatchObject({ name: 'HUGGINGFACE_HUB_TOKEN', why: 'the code uses HUGGINGFACE_HUB_TOKEN' });
  });

  it('never merges two values: the second name comes from its own variable', () => {
    const read = tokens.huggingFace();
    const write = tokens.huggingFace();
    const named = nameValues({
      sites: [site(read, 'HF_TOKEN = "@"', 'a.py', true), site(write, 'hf_write_token = "@"', 'b.py', true)],
      ruleNaming: () => HF,
      existing: new Map(),
    });
    expect(named.map((value) => value.name)).toEqual(['HF_TOKEN', 'HF_TOKEN_WRITE']);
  });

  it('lets the live value win over a key that only survives in a comment', () => {
    const old = tokens.huggingFace();
    const live = tokens.huggingFace();
    const named = nameValues({
      sites: [site(old, '# export HF_TOKEN=@'), site(live, 'export HF_TOKEN=@')],
      ruleNaming: () => HF,
      existing: new Map(),
    });
    expect(Object.fromEntries(named.map((value) => [value.secret, value.name]))).toEqual({ [live]: 'HF_TOKEN', [old]: 'HF_TOKEN_2' });
  });

  it('reuses the name an existing .env gives the value, and steps around a conflicting entry', () => {
    const known = tokens.huggingFace();
    const other = tokens.huggingFace();
    expect(nameValues({ sites: [site(known, 'export HF_TOKEN=@')], ruleNaming: () => HF, existing: new Map([['MY_HF', known]]) })[0]!.name).toBe('MY_HF');
    const conflict = nameValues({ sites: [site(known, 'export HF_TOKEN=@')], ruleNaming: () => HF, existing: new Map([['HF_TOKEN', other]]) })[0]!;
    expect(conflict).toMatchObject({ name: 'HF_TOKEN_2', conflictsWith: 'HF_TOKEN' });
  });

  it('derives numbered names when the context says nothing', () => {
    const taken = new Set(['HF_TOKEN', 'HF_TOKEN_2']);
    expect(derivedName('HF_TOKEN', [site('v', 'token = "@"', 'a.py', true)], (name) => taken.has(name))).toBe('HF_TOKEN_3');
  });
});
