import { describe, expect, it } from 'vitest';
import { peersModule } from './bench-modules.js';

describe('bench peers: giving ripgrep and secretlint the same job', () => {
  it('strips lookarounds for ripgrep\'s default engine, keeping escapes and classes intact', async () => {
    const { stripLookarounds } = await peersModule();
    expect(stripLookarounds('\\bhf_[A-Za-z0-9]{34}(?![A-Za-z0-9_-])')).toBe('\\bhf_[A-Za-z0-9]{34}');
    expect(stripLookarounds('(?<![\\w.-])local-[0-9a-f]{40}')).toBe('local-[0-9a-f]{40}');
    expect(stripLookarounds('a(?=[)(])b\\(?!c')).toBe('ab\\(?!c');
    expect(stripLookarounds('x(?:y(?!z(w)))')).toBe('x(?:y)');
  });

  it('adds up ripgrep --count-matches output, paths with colons included', async () => {
    const { ripgrepCount } = await peersModule();
    expect(ripgrepCount('a/b.py:2\nweird:name.txt:3\n')).toBe(5);
    expect(ripgrepCount('')).toBe(0);
  });

  it('reads the problem count from secretlint\'s summary line', async () => {
    const { secretlintCount } = await peersModule();
    expect(secretlintCount('\n✖ 45 problems (45 errors, 0 warnings, 0 infos)\n')).toBe(45);
    expect(secretlintCount('')).toBe(0);
  });
});
