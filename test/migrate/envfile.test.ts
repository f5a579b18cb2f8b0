import { describe, expect, it } from 'vitest';
import { formatEntry, mergeEnv, mergeTemplate, parseDotenv } from '../../src/migrate/envfile.js';
import { exactPattern, isIgnoredBy, updateDockerignore, updateGitignore } from '../../src/migrate/gitignore.js';

describe('dotenv', () => {
  it('parses export prefixes, quotes, comments, CRLF, a BOM and duplicates (last wins)', () => {
    const text = '\uFEFF# c\r\nexport A=1\r\nB="two words" # note\r\nC=\'x#y\'\r\nD=plain # trailing\r\nA=3\r\nE=\r\nF="multi\nline"\r\n';
    const entries = Object.fromEntries(parseDotenv(text).map((entry) => [entry.key, entry.value]));
    expect(entries).toEqual({ A: '3', B: 'two words', C: 'x#y', D: 'plain', E: '', F: 'multi\nline' });
    expect(parseDotenv('X=a b\n')[0]!.shellSafe).toBe(false);
  });

  it('writes token-shaped values bare and quotes the rest', () => {
    expect(formatEntry('HF_TOKEN', 'hf_abc')).toBe('HF_TOKEN=hf_abc');
    expect(formatEntry('P', 'a b$c')).toBe("P='a b$c'");
    expect(formatEntry('P', "it's")).toBe('P="it\'s"');
  });

  it('appends only missing entries, keeping the file and its line breaks', () => {
    expect(mergeEnv(undefined, [{ name: 'A', value: '1', provider: 'x' }])).toMatch(/^# Local credentials[^]*\nA=1\n$/);
    expect(mergeEnv('A=1\r\nB=2', [{ name: 'A', value: '9', provider: 'x' }, { name: 'C', value: '3', provider: 'x' }])).toBe(
      'A=1\r\nB=2\r\n\r\n# added by leakguard migrate\r\nC=3\r\n',
    );
    expect(mergeEnv('A=1\n', [{ name: 'A', value: '1', provider: 'x' }])).toBeUndefined();
  });

  it('keeps documentation-only values as commented lines saying where they were, once', () => {
    const aside = [{ name: 'WANDB_API_KEY', value: 'v-123', sites: [{ path: 'README.md', line: 4 }, { path: 'docs/a.md', line: 9 }] }];
    const text = mergeEnv('A=1\n', [], aside)!;
    expect(text).toBe('A=1\n\n# added by leakguard migrate\n# only in documentation (README.md:4, docs/a.md:9), read by no code: rotate it, then delete these two lines\n# WANDB_API_KEY=v-123\n');
    expect(parseDotenv(text).map((entry) => entry.key)).toEqual(['A']);
    expect(mergeEnv(text, [], aside)).toBeUndefined();
  });

  it('lists every variable empty in the template, with the token page, and keeps non-secret siblings', () => {
    const siblings = parseDotenv('WANDB_PROJECT=demo\nDB_PASSWORD=hunter22\n');
    const text = mergeTemplate(undefined, [{ name: 'HF_TOKEN', provider: 'huggingface', docsUrl: 'https://huggingface.co/settings/tokens' }], siblings)!;
    expect(text).toContain('# Hugging Face token: create or rotate at https://huggingface.co/settings/tokens\nHF_TOKEN=\n');
    expect(text).toContain('WANDB_PROJECT=demo');
    expect(text).not.toContain('hunter22');
    expect(mergeTemplate('HF_TOKEN=\n', [{ name: 'HF_TOKEN', provider: 'huggingface', docsUrl: 'u' }], [])).toBeUndefined();
  });
});

describe('ignore files', () => {
  it('adds only the patterns whose paths are not ignored yet', () => {
    const update = updateGitignore('node_modules/\n.env*\n', [])!;
    expect(update.added).not.toContain('.env');
    expect(update.added).not.toContain('.env.*');
    expect(update.added).toContain('!.env.example');
    expect(update.text.startsWith('node_modules/\n.env*\n\n# Local credentials')).toBe(true);
    expect(isIgnoredBy(update.text, '.env.example')).toBe(false);
    expect(updateGitignore(update.text, [])).toBeUndefined();
  });

  it('adds exact patterns for stores the standard patterns miss, escaping special characters', () => {
    const update = updateGitignore(undefined, ['deploy/config.env', 'keys/#1 [prod].key'])!;
    expect(update.added).toContain('/deploy/config.env');
    expect(exactPattern('keys/#1 [prod].key')).toBe('/keys/\\#1 \\[prod\\].key');
    expect(isIgnoredBy(update.text, 'keys/#1 [prod].key')).toBe(true);
  });

  it('.dockerignore gains .env once', () => {
    const first = updateDockerignore('node_modules\n')!;
    expect(first.text).toBe('node_modules\n\n# Never send local credentials into an image (leakguard migrate)\n.env\n');
    expect(updateDockerignore(first.text)).toBeUndefined();
  });
});
