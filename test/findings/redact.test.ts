import { describe, expect, it } from 'vitest';
import { ELLIPSIS, MAX_VISIBLE_BODY_CHARS, getPublicPrefix, redact } from '../../src/findings/redact.js';
import { FakeTokens, type Charset } from '../../src/util/fake-tokens.js';

const CHARSETS: Charset[] = ['alpha', 'alnum', 'upper', 'lower', 'digit', 'hex', 'HEX', 'upperdigit', 'lowerdigit', 'b64url', 'b64'];

/** Body characters the redaction shows: everything but the public prefix and the ellipsis. */
function visibleBody(redacted: string, secret: string): string {
  return redacted.slice(getPublicPrefix(secret).length).replace(ELLIPSIS, '');
}

function expectWithinBound(secret: string): void {
  const redacted = redact(secret);
  const prefix = getPublicPrefix(secret);
  const body = secret.slice(prefix.length);
  const shown = visibleBody(redacted, secret);
  expect(redacted.startsWith(prefix)).toBe(true);
  expect(redacted).toContain(ELLIPSIS);
  expect(shown.length).toBeLessThanOrEqual(MAX_VISIBLE_BODY_CHARS);
  expect(shown.length).toBeLessThanOrEqual(Math.floor(body.length / 4));
  if (secret.length > 0) expect(redacted).not.toBe(secret);
  // What is shown is the body's own head and tail, nothing from the middle.
  const [head = '', tail = ''] = redacted.slice(prefix.length).split(ELLIPSIS);
  expect(body.startsWith(head)).toBe(true);
  expect(body.endsWith(tail)).toBe(true);
}

describe('redact', () => {
  it('keeps the provider prefix plus two characters each side', () => {
    const tokens = new FakeTokens(1);
    const hf = tokens.huggingFace();
    expect(redact(hf)).toBe(`hf_${hf.slice(3, 5)}${ELLIPSIS}${hf.slice(-2)}`);
    const openai = tokens.openai();
    expect(redact(openai)).toBe(`sk-proj-${openai.slice(8, 10)}${ELLIPSIS}${openai.slice(-2)}`);
    expect(redact(tokens.wandbV1()).startsWith('wandb_v1_')).toBe(true);
    expect(redact(tokens.runpod()).startsWith('rpa_')).toBe(true);
    expect(redact(tokens.anthropic()).startsWith('sk-ant-api03-')).toBe(true);
    const legacy = tokens.wandbLegacy();
    expect(redact(legacy)).toBe(`${legacy.slice(0, 2)}${ELLIPSIS}${legacy.slice(-2)}`);
  });

  it('shows at most a quarter of a short secret', () => {
    expect(redact('')).toBe(ELLIPSIS);
    expect(redact('abc')).toBe(ELLIPSIS);
    expect(redact('abcd')).toBe(`a${ELLIPSIS}`);
    expect(redact('abcdefgh')).toBe(`a${ELLIPSIS}h`);
    expect(redact('hf_')).toBe(ELLIPSIS);
    expect(redact('hf_ab')).toBe(`hf_${ELLIPSIS}`);
  });

  it('never splits a surrogate pair', () => {
    expect(redact('😀😀😀😀😀😀😀😀')).toBe(`😀${ELLIPSIS}😀`);
  });

  it('stays within its bound for every token shape', () => {
    const tokens = new FakeTokens(99);
    const shapes = [
      () => tokens.huggingFace(),
      () => tokens.huggingFaceOrg(),
      () => tokens.wandbLegacy(),
      () => tokens.wandbV1(),
      () => tokens.runpod(),
      () => tokens.runpodLegacy(),
      () => tokens.openai(),
      () => tokens.anthropic(),
      () => tokens.github(),
      () => tokens.awsAccessKeyId(),
      () => tokens.awsSecretKey(),
    ];
    for (let round = 0; round < 200; round++) for (const shape of shapes) expectWithinBound(shape());
  });

  it('stays within its bound for arbitrary lengths, charsets and prefixes', () => {
    const tokens = new FakeTokens(7);
    const prefixes = ['', 'hf_', 'sk-proj-', 'wandb_v1_', 'rpa_', 'api_org_', 'sk-'];
    for (let length = 0; length <= 120; length++) {
      for (const charset of CHARSETS) {
        const prefix = prefixes[tokens.int(prefixes.length)] ?? '';
        const secret = prefix + (length === 0 ? '' : tokens.chars(charset, length));
        expectWithinBound(secret);
      }
    }
  });
});
