import { FakeTokens } from '../../src/util/fake-tokens.js';
import type { NamedFinding } from '../../src/migrate/types.js';

/**
 * Fixture files hold markers, never token-shaped literals: `@@HF_TOKEN@@` is a fake Hugging Face
 * token generated at test time, `@@SPLIT1:HF_TOKEN@@`/`@@SPLIT2:HF_TOKEN@@` its two halves and
 * `@@B64:HF_TOKEN@@` its base64. The same seed gives the same values, so outputs are stable.
 */

interface MarkerKind {
  make: (tokens: FakeTokens) => string;
  envVar: string;
  ruleId: string;
  provider: string;
}

const KINDS: Record<string, MarkerKind> = {
  HF_TOKEN: { make: (t) => t.huggingFace(), envVar: 'HF_TOKEN', ruleId: 'huggingface-user-token', provider: 'huggingface' },
  HF_TOKEN_2: { make: (t) => t.huggingFace(), envVar: 'HF_TOKEN_2', ruleId: 'huggingface-user-token', provider: 'huggingface' },
  HUGGINGFACE_HUB_TOKEN: { make: (t) => t.huggingFace(), envVar: 'HUGGINGFACE_HUB_TOKEN', ruleId: 'huggingface-user-token', provider: 'huggingface' },
  WANDB_API_KEY: { make: (t) => t.wandbLegacy(), envVar: 'WANDB_API_KEY', ruleId: 'wandb-api-key', provider: 'wandb' },
  WANDB_V1: { make: (t) => t.wandbV1(), envVar: 'WANDB_API_KEY', ruleId: 'wandb-api-key-v1', provider: 'wandb' },
  RUNPOD_API_KEY: { make: (t) => t.runpod(), envVar: 'RUNPOD_API_KEY', ruleId: 'runpod-api-key', provider: 'runpod' },
  RUNPOD_LEGACY: { make: (t) => t.runpodLegacy(), envVar: 'RUNPOD_API_KEY', ruleId: 'runpod-api-key-legacy', provider: 'runpod' },
  OPENAI_API_KEY: { make: (t) => t.openai(), envVar: 'OPENAI_API_KEY', ruleId: 'openai-api-key', provider: 'openai' },
  ANTHROPIC_API_KEY: { make: (t) => t.anthropic(), envVar: 'ANTHROPIC_API_KEY', ruleId: 'anthropic-api-key', provider: 'anthropic' },
  GITHUB_TOKEN: { make: (t) => t.github(), envVar: 'GITHUB_TOKEN', ruleId: 'github-pat', provider: 'github' },
};

const MARKER = /@@(?:(SPLIT1|SPLIT2|B64):)?([A-Z0-9_]+)@@/g;
const SPLIT_AT = 20;

export class FixtureTokens {
  private readonly values = new Map<string, string>();
  private readonly tokens: FakeTokens;

  constructor(seed = 4242) {
    this.tokens = new FakeTokens(seed);
    for (const [name, kind] of Object.entries(KINDS)) this.values.set(name, kind.make(this.tokens));
  }

  value(name: string): string {
    const value = this.values.get(name);
    if (value === undefined) throw new Error(`unknown fixture marker ${name}`);
    return value;
  }

  /** Every generated value (and every split half): nothing of these may survive a rewrite. */
  allValues(): string[] {
    return [...this.values.values()];
  }

  expand(template: string): string {
    return template.replace(MARKER, (_whole, form: string | undefined, name: string) => {
      const value = this.value(name);
      if (form === 'SPLIT1') return value.slice(0, SPLIT_AT);
      if (form === 'SPLIT2') return value.slice(SPLIT_AT);
      if (form === 'B64') return Buffer.from(value).toString('base64');
      return value;
    });
  }

  /**
   * The findings a scanner would report in the expanded template: one per marker occurrence.
   * Split values are reported whole (folded), at the first half; base64 as the encoded text.
   */
  findings(template: string, path: string): NamedFinding[] {
    const findings: NamedFinding[] = [];
    const text = this.expand(template);
    for (const match of template.matchAll(MARKER)) {
      const [, form, name = ''] = match;
      if (form === 'SPLIT2') continue;
      const kind = KINDS[name];
      if (!kind) throw new Error(`unknown fixture marker ${name}`);
      const prefix = this.expand(template.slice(0, match.index));
      const secret = form === 'B64' ? Buffer.from(this.value(name)).toString('base64') : this.value(name);
      const line = prefix.split('\n').length;
      const column = prefix.length - prefix.lastIndexOf('\n');
      findings.push({
        ruleId: kind.ruleId,
        provider: kind.provider,
        description: `${kind.provider} credential`,
        path,
        line,
        column,
        endColumn: column + secret.length,
        commit: null,
        secret,
        redacted: `${secret.slice(0, 3)}…`,
        fingerprint: `fp-${name}-${line}-${column}`,
        envVar: kind.envVar,
        docsUrl: 'https://example.invalid/tokens',
      });
    }
    if (findings.length > 0 && !text) throw new Error('empty fixture');
    return findings;
  }
}
