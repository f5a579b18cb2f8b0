import { describe, expect, test } from 'vitest';
import { BLOCK_END, BLOCK_START, HookFileError, insertBlock, makeBlock, removeBlock } from '../../src/hook/hook-file.js';
import { gitHookBody, huskyHookBody, shellWord } from '../../src/hook/hook-commands.js';
import { formatBlockMessage, shellQuote, type Exposure } from '../../src/hook/block-message.js';
import type { Finding, ScanResult } from '../../src/types/index.js';

const block = makeBlock(['leakguard scan --staged || exit $?']);

describe('hook file editing', () => {
  test('creates a shell script when there is no hook', () => {
    const { text, action } = insertBlock(undefined, block);
    expect(action).toBe('created');
    expect(text).toBe(`#!/bin/sh\n${block}\n`);
  });

  test('goes after the shebang and husky.sh, before the hook\'s own commands', () => {
    const husky8 = '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\nnpm test\n';
    const { text, action } = insertBlock(husky8, block);
    expect(action).toBe('added');
    expect(text.split('\n').slice(0, 3)).toEqual(['#!/usr/bin/env sh', '. "$(dirname -- "$0")/_/husky.sh"', BLOCK_START]);
    expect(text.indexOf(BLOCK_END)).toBeLessThan(text.indexOf('npm test'));
  });

  test('a second install is a no-op; a changed command refreshes the block in place', () => {
    const first = insertBlock('#!/bin/sh\necho hi\n', block).text;
    expect(insertBlock(first, block)).toEqual({ text: first, action: 'unchanged' });
    const other = makeBlock(['leakguard scan --staged --baseline b.json || exit $?']);
    const updated = insertBlock(first, other);
    expect(updated.action).toBe('updated');
    expect(updated.text).toBe(first.replace(block, other));
  });

  test('uninstall restores the original text exactly', () => {
    for (const original of ['#!/bin/sh\necho hi\nexit 0\n', 'npm test\n', '#!/bin/bash\nset -e\n\n\nrun\n']) {
      const installed = insertBlock(original, block).text;
      expect(removeBlock(installed)).toEqual({ text: original, removed: true, empty: false });
    }
  });

  test('uninstall reports a file that held only the block as empty', () => {
    const created = insertBlock(undefined, block).text;
    expect(removeBlock(created)).toMatchObject({ removed: true, empty: true });
    expect(removeBlock('#!/bin/sh\necho hi\n')).toMatchObject({ removed: false });
  });

  test('refuses hooks written in another language', () => {
    expect(() => insertBlock('#!/usr/bin/env python3\nprint(1)\n', block)).toThrow(HookFileError);
    expect(insertBlock('#!/usr/bin/env bash\nx\n', block).action).toBe('added');
  });
});

describe('hook commands', () => {
  test('husky runs the project\'s own binary directly, and says so when npm install has not run', () => {
    const body = huskyHookBody('pre-commit', undefined).join('\n');
    expect(body).toContain('if [ -x node_modules/.bin/leakguard ]; then\n  node_modules/.bin/leakguard scan --staged || exit $?');
    expect(body).toContain('node_modules/.bin/leakguard is missing, so this pre-commit check cannot run: run npm install');
    expect(body).not.toContain('npx');
    expect(huskyHookBody('pre-commit', '.leakguard-baseline.json').join('\n')).toContain('scan --staged --baseline .leakguard-baseline.json');
    expect(huskyHookBody('pre-push', undefined).join('\n')).toContain('node_modules/.bin/leakguard scan --pre-push || exit $?');
  });

  test('git hooks directory: the project copy, then PATH, then the installing copy by absolute path, else a clear failure', () => {
    const body = gitHookBody('pre-commit', { node: '/opt/node 20/bin/node', script: "/home/o'neil/leakguard/bin/leakguard.js" }, undefined).join('\n');
    expect(body.indexOf('node_modules/.bin/leakguard scan --staged')).toBeLessThan(body.indexOf('command -v leakguard'));
    expect(body).toContain('elif command -v leakguard >/dev/null 2>&1; then\n  leakguard scan --staged || exit $?');
    expect(body).toContain(`'/opt/node 20/bin/node' '/home/o'\\''neil/leakguard/bin/leakguard.js' scan --staged`);
    expect(body).toContain('exit 1');
    expect(shellWord('plain/path.js')).toBe('plain/path.js');
  });
});

describe('block message', () => {
  const finding = (overrides: Partial<Finding>): Finding => ({
    ruleId: 'huggingface-user-token',
    provider: 'huggingface',
    description: 'Hugging Face user access token',
    path: 'train.py',
    line: 3,
    column: 14,
    endColumn: 51,
    commit: null,
    secret: 'SECRET-VALUE-NEVER-PRINTED',
    redacted: 'hf_Ab…Yz',
    fingerprint: 'f',
    envVar: 'HF_TOKEN',
    docsUrl: 'https://huggingface.co/settings/tokens',
    ...overrides,
  });
  const result: ScanResult = {
    findings: [
      finding({}),
      finding({ path: 'my dir/run.sh', line: 2, column: 8, secret: 'OTHER', redacted: 'ab…yz', provider: 'wandb', envVar: 'WANDB_API_KEY', docsUrl: 'https://wandb.ai/authorize', ruleId: 'wandb-api-key' }),
      finding({ path: 'x.py', secret: 'THIRD' }),
    ],
    stats: { files: 3, bytes: 10, durationMs: 1 },
    notes: [{ path: 'vendor/sub', reason: 'submodule' }],
  };
  const exposures = new Map<string, Exposure>([
    ['SECRET-VALUE-NEVER-PRINTED', { kind: 'index-only' }],
    ['OTHER', { kind: 'history', commit: '1234567890abcdef' }],
    ['THIRD', { kind: 'unknown', commitsChecked: 500 }],
  ]);

  test('names location, provider, redacted value, env var, fix command and exposure for each finding', () => {
    const text = formatBlockMessage(result, { reveal: false, color: false, exposures });
    expect(text).toContain('leakguard: commit blocked: 3 credentials in the staged changes');
    expect(text).toContain('train.py:3:14  huggingface  hf_Ab…Yz');
    expect(text).toContain('the HF_TOKEN environment variable instead');
    expect(text).toContain('(cd "$(git rev-parse --show-toplevel)" && leakguard migrate --allow-dirty --stage train.py)');
    expect(text).toContain('only in the index, never committed: unstage and fix it; nothing to rotate yet');
    expect(text).toContain("leakguard migrate --allow-dirty --stage 'my dir/run.sh')");
    expect(text).toContain('already in git history (commit 1234567): rotate it now at https://wandb.ai/authorize');
    expect(text).toContain('not found in history in the last 500 commits (check stopped early)');
    expect(text).toContain('leakguard:allow');
    expect(text).toContain('leakguard baseline');
    expect(text).toContain('note: skipped vendor/sub: a submodule');
    expect(text).not.toContain('SECRET-VALUE-NEVER-PRINTED');
  });

  test('names the install\'s own command, and untracks credential stores instead of adding them', () => {
    const withEnv: ScanResult = { ...result, findings: [finding({}), finding({ path: 'config/.env', secret: 'OTHER' })] };
    const text = formatBlockMessage(withEnv, { reveal: false, color: false, exposures, command: 'npx leakguard', isCredentialStore: (path) => path.endsWith('.env') });
    expect(text).toContain('(cd "$(git rev-parse --show-toplevel)" && npx leakguard migrate --allow-dirty --stage train.py)');
    expect(text).toContain('a credential file: untrack it (git rm --cached), keep it on disk and ignore it:');
    expect(text).toContain('npx leakguard migrate --allow-dirty --stage config/.env)');
    expect(text).not.toContain('git add');
  });

  test('--reveal shows the value; colour only when asked', () => {
    expect(formatBlockMessage(result, { reveal: true, color: false, exposures })).toContain('SECRET-VALUE-NEVER-PRINTED');
    expect(formatBlockMessage(result, { reveal: false, color: false, exposures })).not.toContain('\x1b[');
    expect(formatBlockMessage(result, { reveal: false, color: true, exposures })).toContain('\x1b[');
  });

  test('shell quoting of printed paths', () => {
    expect(shellQuote('configs/train.py')).toBe('configs/train.py');
    expect(shellQuote("it's here.py")).toBe(`'it'\\''s here.py'`);
  });
});
