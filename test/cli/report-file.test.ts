/**
 * `--output FILE`: a report holding revealed secrets is private (0600) and is never written
 * through a symlink planted at FILE; config errors never quote the secret they choke on.
 */
import { lstatSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { runCli, tempTree } from '../support/cli.js';

const tokens = new FakeTokens(9091);

describe('scan --output', () => {
  it('writes a --reveal report 0600, even over an existing world-readable file', () => {
    const secret = tokens.huggingFace();
    const root = tempTree({ 'train.py': `T = "${secret}"\n`, 'report.json': '{}\n' });
    const run = runCli(['scan', '--reveal', '--format', 'json', '--output', 'report.json'], root);
    expect(run.status).toBe(1);
    expect(statSync(join(root, 'report.json')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(root, 'report.json'), 'utf8')).toContain(secret);
  }, 30_000);

  it('replaces a symlink at FILE instead of writing through it', () => {
    const secret = tokens.huggingFace();
    const root = tempTree({ 'train.py': `T = "${secret}"\n`, 'victim.txt': 'keep me\n' });
    symlinkSync(join(root, 'victim.txt'), join(root, 'out.txt'));
    const run = runCli(['scan', '--reveal', '--output', 'out.txt'], root);
    expect(run.status).toBe(1);
    expect(readFileSync(join(root, 'victim.txt'), 'utf8')).toBe('keep me\n');
    expect(lstatSync(join(root, 'out.txt')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(root, 'out.txt'), 'utf8')).toContain(secret);
    expect(() => readlinkSync(join(root, 'out.txt'))).toThrow();
  }, 30_000);
});

describe('config errors', () => {
  it('never echoes the characters of an unquoted token in a JSON parse error', () => {
    const secret = tokens.huggingFace();
    const root = tempTree({ 'a.py': 'x = 1\n' });
    writeFileSync(join(root, '.leakguard.json'), `{\n  "allowValues": [${secret}]\n}\n`);
    const run = runCli(['scan'], root);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/invalid config .*\.leakguard\.json: not JSON: unexpected character at line 2, column 19/);
    // Not even a few characters of the body (V8's message quoted seven of them).
    expect(run.stderr).not.toContain(secret.slice(3, 7));
    expect(run.stderr).not.toContain('hf_');
  }, 30_000);
});
