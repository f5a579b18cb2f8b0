import { describe, expect, it } from 'vitest';
import { getPublicPrefix } from '../../src/findings/redact.js';
import { formatReport } from '../../src/reporters/index.js';
import type { OutputFormat } from '../../src/types/index.js';
import { createMixedResult } from './scan-result.js';

const FORMATS: OutputFormat[] = ['text', 'json', 'sarif', 'github', 'html'];
const BASE_OPTIONS = { color: false, toolVersion: '0.1.0' };

/**
 * Every window of this many characters of a secret's body (the part after its public prefix);
 * none may appear in redacted output, wherever in the output it would be.
 */
const LEAK_WINDOW = 6;

function bodyWindows(secret: string): string[] {
  const body = secret.slice(getPublicPrefix(secret).length);
  const out: string[] = [];
  for (let start = 0; start + LEAK_WINDOW <= body.length; start++) out.push(body.slice(start, start + LEAK_WINDOW));
  return out;
}

describe.each(FORMATS)('%s format', (format) => {
  const result = createMixedResult();
  const secrets = result.findings.map((finding) => finding.secret);

  it('prints no secret, and no fragment of one, without --reveal', () => {
    for (const color of [false, true]) {
      const output = formatReport(format, result, { ...BASE_OPTIONS, color, reveal: false });
      for (const secret of secrets) {
        expect(output).not.toContain(secret);
        for (const window of bodyWindows(secret)) expect(output).not.toContain(window);
      }
    }
  });

  it('prints every secret with --reveal', () => {
    const output = formatReport(format, result, { ...BASE_OPTIONS, reveal: true });
    for (const secret of secrets) expect(output).toContain(secret);
  });

  it('shows each redaction instead', () => {
    const output = formatReport(format, result, { ...BASE_OPTIONS, reveal: false });
    for (const finding of result.findings) expect(output).toContain(finding.redacted);
  });
});
