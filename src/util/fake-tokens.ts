/**
 * Seeded generator of fake, correctly shaped credentials. Tests, the demo repository and the
 * benchmark corpus build their token-shaped strings here at run time, so the repository itself
 * never holds a literal that looks like a live key.
 */

const CHARSETS = {
  alpha: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  digit: '0123456789',
  hex: '0123456789abcdef',
  HEX: '0123456789ABCDEF',
  upperdigit: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  lowerdigit: 'abcdefghijklmnopqrstuvwxyz0123456789',
  b64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-',
  b64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
} as const;

export type Charset = keyof typeof CHARSETS;

export function isCharset(name: string): name is Charset {
  return Object.hasOwn(CHARSETS, name);
}

/** mulberry32: small, fast, good enough for test data, and identical on every platform. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Words the placeholder filter rejects; a generated body containing one would be a flaky test.
const PLACEHOLDER_WORDS = /x{4}|your|example|sample|placeholder|changeme|dummy|fake|redacted|insert|replace|here|todo|test|mock|(.)\1{5}/i;

export class FakeTokens {
  private readonly random: () => number;
  private readonly named = new Map<string, string>();

  constructor(seed = 20261123) {
    this.random = seededRandom(seed);
  }

  int(maxExclusive: number): number {
    return Math.floor(this.random() * maxExclusive);
  }

  /** A random string over the charset that never reads as a placeholder or a sequential run. */
  chars(charset: Charset, length: number): string {
    const alphabet = CHARSETS[charset];
    for (;;) {
      let out = '';
      for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
      if (!PLACEHOLDER_WORDS.test(out) && !hasRun(out)) return out;
    }
  }

  /**
   * Expands `{{charset:length}}` markers, e.g. `hf_{{alnum:34}}`. Rule examples are written this
   * way so the YAML files hold no token-shaped literal (and `{{` reads as a placeholder there).
   * A third part names the value: every `{{alpha:34:main}}` this generator expands is the same
   * string, as when one token is pasted into several files. `{{base64:hf_{{alpha:34}}}}` is the
   * base64 encoding of a generated token.
   */
  expand(template: string): string {
    const named = this.named;
    const expanded = template.replace(/\{\{(\w+):(\d+)(?::([\w-]+))?\}\}/g, (whole, name: string, length: string, label?: string) => {
      if (!isCharset(name)) return whole;
      if (label === undefined) return this.chars(name, Number(length));
      const key = `${name}:${length}:${label}`;
      let value = named.get(key);
      if (value === undefined) {
        value = this.chars(name, Number(length));
        named.set(key, value);
      }
      return value;
    });
    // `{{base64:TEXT}}` encodes TEXT after its own markers are filled: encoded-token examples.
    // TEXT writes braces as `\{` and `\}` (base64-wrapped JSON credentials such as Neptune's).
    return expanded.replace(/\{\{base64:((?:[^{}\\]|\\[{}])*)\}\}/g, (_whole, text: string) =>
      Buffer.from(text.replace(/\\([{}])/g, '$1')).toString('base64'),
    );
  }

  huggingFace(): string {
    return `hf_${this.chars('alpha', 34)}`;
  }
  huggingFaceOrg(): string {
    return `api_org_${this.chars('alpha', 34)}`;
  }
  wandbLegacy(): string {
    return this.chars('hex', 40);
  }
  wandbV1(): string {
    return `wandb_v1_${this.chars('alnum', 27)}_${this.chars('alnum', 49)}`;
  }
  runpod(): string {
    return `rpa_${this.chars('upperdigit', 40)}${this.chars('lowerdigit', 6)}`;
  }
  runpodLegacy(): string {
    return this.chars('upperdigit', 40);
  }
  openai(): string {
    return `sk-proj-${this.chars('b64url', 74)}T3BlbkFJ${this.chars('b64url', 74)}`;
  }
  anthropic(): string {
    return `sk-ant-api03-${this.chars('b64url', 93)}AA`;
  }
  github(): string {
    return `ghp_${this.chars('alnum', 36)}`;
  }
  awsAccessKeyId(): string {
    return `AKIA${this.chars('upperdigit', 16)}`;
  }
  awsSecretKey(): string {
    return this.chars('b64', 40);
  }
}

function hasRun(text: string): boolean {
  let up = 1;
  let down = 1;
  for (let i = 1; i < text.length; i++) {
    const step = text.charCodeAt(i) - text.charCodeAt(i - 1);
    up = step === 1 ? up + 1 : 1;
    down = step === -1 ? down + 1 : 1;
    if (up >= 6 || down >= 6) return true;
  }
  return false;
}
