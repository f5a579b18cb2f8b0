import { describe, expect, it } from 'vitest';
import { REPORTERS, formatReport } from '../../src/reporters/index.js';
import type { OutputFormat } from '../../src/types/index.js';
import { createMixedResult } from './scan-result.js';

describe('reporter registry', () => {
  it('has exactly one reporter per output format', () => {
    const formats: Record<OutputFormat, true> = { text: true, json: true, sarif: true, github: true, html: true };
    expect(Object.keys(REPORTERS).sort()).toEqual(Object.keys(formats).sort());
  });

  it('dispatches to the named reporter and is deterministic', () => {
    const options = { reveal: false, color: false, toolVersion: '0.1.0' };
    for (const format of Object.keys(REPORTERS) as OutputFormat[]) {
      const output = formatReport(format, createMixedResult(), options);
      expect(output).toBe(REPORTERS[format](createMixedResult(), options));
      expect(output).toBe(formatReport(format, createMixedResult(), options));
    }
  });
});
