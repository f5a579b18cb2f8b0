import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPlan, ApplyError } from '../../src/migrate/apply.js';
import type { MigrationPlan, PlannedWrite } from '../../src/migrate/plan.js';
import { makeRepo, snapshot } from './support.js';

function plan(writes: PlannedWrite[]): MigrationPlan {
  return { values: [], files: [], writes, untrack: [], notes: [] };
}

const write = (path: string, before: string | undefined, after: string, extra: Partial<PlannedWrite> = {}): PlannedWrite => ({
  path,
  before,
  after,
  kind: 'source',
  encoding: 'utf8',
  ...extra,
});

describe('applyPlan', () => {
  it('writes .env first with its mode, creates directories, and skips createOnly files that exist', () => {
    const root = makeRepo({ 'a.sh': 'old\n', 'keep.py': 'mine\n' }, { git: false });
    const result = applyPlan(
      plan([
        write('a.sh', 'old\n', 'new\n'),
        write('keep.py', undefined, 'generated\n', { kind: 'generated', createOnly: true }),
        write('deep/dir/t.txt', undefined, 'x\n', { kind: 'template' }),
        write('.env', undefined, 'A=1\n', { kind: 'env', mode: 0o600 }),
      ]),
      { root, repo: undefined },
    );
    expect(result.written).toEqual(['.env', 'a.sh', 'deep/dir/t.txt']);
    expect(result.skipped).toEqual(['keep.py']);
    expect(readFileSync(join(root, 'keep.py'), 'utf8')).toBe('mine\n');
    expect(statSync(join(root, '.env')).mode & 0o777).toBe(0o600);
  });

  it('refuses a file that changed since planning and restores everything, new directories included', () => {
    const root = makeRepo({ 'a.sh': 'old\n', 'b.sh': 'old\n' }, { git: false });
    writeFileSync(join(root, 'b.sh'), 'edited meanwhile\n');
    const before = snapshot(root);
    const attempt = (): unknown =>
      applyPlan(plan([write('.env', undefined, 'A=1\n', { kind: 'env', mode: 0o600 }), write('x/y/new.txt', undefined, 'n\n'), write('a.sh', 'old\n', 'new\n'), write('b.sh', 'old\n', 'new\n')]), {
        root,
        repo: undefined,
      });
    expect(attempt).toThrow(ApplyError);
    expect(attempt).toThrow(/b\.sh changed on disk while migrate was running; every file was restored/);
    expect(snapshot(root)).toEqual(before);
    expect(existsSync(join(root, 'x'))).toBe(false);
  });
});
