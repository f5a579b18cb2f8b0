import { describe, expect, it } from 'vitest';
import { dotenvToMap, parseDotenv } from '../../src/check/dotenv.js';
import { netrcPassword, parseNetrc } from '../../src/check/netrc.js';
import { firstTomlString } from '../../src/check/logins.js';

const values = (text: string): Record<string, string> => Object.fromEntries([...dotenvToMap(parseDotenv(text))].map(([name, entry]) => [name, entry.value]));

describe('parseDotenv', () => {
  it('reads plain, exported, quoted and empty entries', () => {
    const text = [
      '# a comment',
      'PLAIN=abc',
      'export EXPORTED=def',
      'SINGLE=\'lit $x \\n\'',
      'DOUBLE="a\\nb \\"q\\""',
      'SPACED = padded value  ',
      'EMPTY=',
      'COLON: yes',
      '   INDENTED=1',
      'not an entry',
    ].join('\n');
    expect(values(text)).toEqual({
      PLAIN: 'abc',
      EXPORTED: 'def',
      SINGLE: 'lit $x \\n',
      DOUBLE: 'a\nb "q"',
      SPACED: 'padded value',
      EMPTY: '',
      COLON: 'yes',
      INDENTED: '1',
    });
  });

  it('cuts inline comments only after whitespace, and never inside quotes', () => {
    expect(values('A=value # note\nB=abc#def\nC="x # y" # z\nD=#only-comment')).toEqual({ A: 'value', B: 'abc#def', C: 'x # y', D: '' });
  });

  it('handles CRLF, a BOM, multi-line quoted values and line numbers', () => {
    const entries = parseDotenv('\uFEFFFIRST=1\r\nMULTI="line one\r\nline two"\r\n\r\nLAST=3\r\n');
    expect(entries.map(({ name, value, line }) => [name, value, line])).toEqual([
      ['FIRST', '1', 1],
      ['MULTI', 'line one\nline two', 2],
      ['LAST', '3', 5],
    ]);
  });

  it('lets a later entry win, and reads an unterminated quote as a plain value', () => {
    expect(values('A=1\nA=2\nB="open\nC=3')).toEqual({ A: '2', B: '"open', C: '3' });
  });
});

describe('parseNetrc', () => {
  it('finds the W&B password among other machines, with comments and quotes', () => {
    const text = [
      '# written by wandb login',
      'machine github.com login me password other',
      'machine api.wandb.ai',
      '  login user',
      '  password "the key"',
      'default login anon password fallback',
    ].join('\n');
    const entries = parseNetrc(text);
    expect(netrcPassword(entries, 'api.wandb.ai')).toBe('the key');
    expect(entries.at(-1)).toEqual({ machine: undefined, login: 'anon', password: 'fallback' });
    // Like the generated resolvers: only the provider's own machine entry counts.
    expect(netrcPassword(entries, 'elsewhere.example')).toBeUndefined();
  });

  it('skips macdef bodies and tolerates a truncated file', () => {
    const text = 'macdef init\nmachine api.wandb.ai password nope\n\nmachine api.wandb.ai login user password';
    const entries = parseNetrc(text);
    expect(netrcPassword(entries, 'api.wandb.ai')).toBeUndefined();
  });
});

describe('firstTomlString', () => {
  it('takes the first api_key / apikey in the file, whatever its section', () => {
    const text = '# runpod\n[default]\napi_key = "in-section"  # comment\n\n[other]\napikey = "later"\n';
    expect(firstTomlString(text, ['api_key', 'apikey'])).toEqual({ section: 'default', key: 'api_key', value: 'in-section' });
    expect(firstTomlString("apiurl = 'https://api.runpod.io/graphql'\napikey = 'literal'", ['api_key', 'apikey'])).toEqual({
      section: '',
      key: 'apikey',
      value: 'literal',
    });
    expect(firstTomlString('api_key = ""\napikey = bare', ['api_key', 'apikey'])).toEqual({ section: '', key: 'apikey', value: 'bare' });
    expect(firstTomlString('[default]\napiurl = "x"', ['api_key'])).toBeUndefined();
  });
});
