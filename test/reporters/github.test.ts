import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty } from '../../src/reporters/github.js';
import { formatReport } from '../../src/reporters/index.js';
import type { ScanResult } from '../../src/types/index.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { createEmptyResult, createFinding, createMixedResult } from './scan-result.js';

const OPTIONS = { reveal: false, color: false, toolVersion: '0.1.0' };

/** Splits `::error k=v,k=v::message` the way the runner does, undoing its escaping. */
function parseCommand(line: string): { command: string; properties: Record<string, string>; message: string } {
  const match = /^::(\w+) ([^:]*)::(.*)$/.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line}`);
  const [, command = '', rawProperties = '', message = ''] = match;
  const unescape = (text: string) =>
    text.replaceAll('%0D', '\r').replaceAll('%0A', '\n').replaceAll('%3A', ':').replaceAll('%2C', ',').replaceAll('%25', '%');
  const properties = Object.fromEntries(
    rawProperties.split(',').map((pair) => {
      const [key = '', value = ''] = pair.split('=', 2);
      return [key, unescape(value)];
    }),
  );
  return { command, properties, message: unescape(message) };
}

describe('github reporter', () => {
  it('prints one error annotation per finding', () => {
    const result = createMixedResult();
    const lines = formatReport('github', result, OPTIONS).split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1)).toHaveLength(result.findings.length);
    lines.slice(0, -1).forEach((line, index) => {
      const finding = result.findings[index]!;
      const { command, properties, message } = parseCommand(line);
      expect(command).toBe('error');
      expect(properties).toEqual({
        file: finding.path,
        line: String(finding.line),
        col: String(finding.column),
        endColumn: String(finding.endColumn),
        title: `leakguard ${finding.ruleId}`,
      });
      expect(message).toContain(finding.provider);
      expect(message).toContain(finding.envVar);
      expect(message).toContain(finding.redacted);
    });
  });

  it('starts with the exact command shape', () => {
    const finding = createFinding({ secret: new FakeTokens(1).huggingFace(), path: 'a.py', line: 2, column: 3, endColumn: 40 });
    const output = formatReport('github', { findings: [finding], stats: createEmptyResult().stats }, OPTIONS);
    expect(output).toMatch(/^::error file=a\.py,line=2,col=3,endColumn=40,title=leakguard huggingface-user-token::Hardcoded huggingface credential /);
  });

  it('escapes message data and property values the way the runner reads them', () => {
    expect(escapeData('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext: a,b');
    expect(escapeProperty('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext%3A a%2Cb');
    // `%` first, or the `%` of an inserted escape would itself be escaped again.
    expect(escapeProperty('%3A')).toBe('%253A');
  });

  it('keeps hostile paths and revealed secrets inside their field', () => {
    const path = 'weird,dir/na:me%20\nline.py';
    const finding = createFinding({ secret: new FakeTokens(2).huggingFace(), path });
    const result: ScanResult = { findings: [finding], stats: createEmptyResult().stats };
    const output = formatReport('github', result, { ...OPTIONS, reveal: true });
    expect(output.split('\n')).toHaveLength(2);
    expect(output).toContain('file=weird%2Cdir/na%3Ame%2520%0Aline.py,line=');
    const parsed = parseCommand(output.trimEnd());
    expect(parsed.properties.file).toBe(path);
    expect(parsed.message).toContain(finding.secret);
  });

  it('prints nothing for a clean scan', () => {
    expect(formatReport('github', createEmptyResult(), OPTIONS)).toBe('');
  });
});
