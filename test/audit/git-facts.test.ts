import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectAuditFacts } from '../../src/audit/index.js';
import { scanGit } from '../../src/sources/git/scan-git.js';
import { scanTree } from '../../src/engine.js';
import type { AuditFacts, Finding, ScanResult } from '../../src/types/index.js';
import { Sandbox, removeSandboxes } from '../git/repo.js';
import { createAuditRepo, type AuditRepo } from './audit-repo.js';

const TIMEOUT = 60_000;
const NOW = new Date('2025-01-01T00:00:00Z');

describe('audit facts from git', () => {
  let audit: AuditRepo;
  let result: ScanResult;
  let facts: AuditFacts;
  const find = (secret: string): Finding => {
    const finding = result.findings.find((candidate) => candidate.secret === secret);
    if (!finding) throw new Error('finding missing');
    return finding;
  };

  beforeAll(async () => {
    audit = createAuditRepo(new Sandbox());
    result = await scanGit({ cwd: audit.repo.dir, mode: { kind: 'history' } });
    facts = await collectAuditFacts(result, { cwd: audit.repo.dir, scope: 'every ref', treeScan: false, reveal: false, migration: false, now: NOW });
  }, TIMEOUT);
  afterAll(removeSandboxes);

  it('gives each history finding its state', () => {
    const state = (secret: string) => facts.findings[find(secret).fingerprint]?.state;
    expect(state(audit.secrets.hf)).toBe('head');
    expect(state(audit.secrets.wandb)).toBe('head');
    expect(state(audit.secrets.openai)).toBe('migrated');
    expect(state(audit.secrets.runpod)).toBe('removed');
    expect(state(audit.secrets.anthropic)).toBe('history');
  });

  it('dates, authors and removal commits come from git', () => {
    const hf = facts.findings[find(audit.secrets.hf).fingerprint]!;
    expect(hf.commits).toEqual([{ commit: audit.commits.first, date: '2024-01-10T12:00:00.000Z', author: 'Ada Lovelace' }]);
    expect(hf.removedIn).toBeUndefined();
    const openai = facts.findings[find(audit.secrets.openai).fingerprint]!;
    expect(openai.commits.map((info) => info.commit)).toEqual([audit.commits.second]);
    expect(openai.removedIn).toMatchObject({ commit: audit.commits.migrate, author: "Ben O'Brien & Co", date: '2024-06-20T12:00:00.000Z' });
    expect(facts.findings[find(audit.secrets.runpod).fingerprint]!.removedIn?.commit).toBe(audit.commits.remove);
    // A side branch's value was never removed on HEAD's line.
    expect(facts.findings[find(audit.secrets.anthropic).fingerprint]!.removedIn).toBeUndefined();
  });

  it('knows what was pushed (reachable from a remote-tracking ref)', () => {
    expect(facts.findings[find(audit.secrets.hf).fingerprint]!.pushed).toBe(true);
    expect(facts.findings[find(audit.secrets.runpod).fingerprint]!.pushed).toBe(true);
    expect(facts.findings[find(audit.secrets.anthropic).fingerprint]!.pushed).toBe(false);
  });

  it('reports HEAD and remotes, with the credential in the remote URL removed', () => {
    expect(facts.head).toMatchObject({ commit: audit.commits.remove, branch: 'main', author: 'Ada Lovelace' });
    expect(facts.remotes).toEqual([{ name: 'origin', url: 'https://github.com/example-org/audit.git', host: 'github.com', publicHost: true }]);
    expect(JSON.stringify(facts)).not.toContain(audit.secrets.remoteToken);
    expect(facts.generatedAt).toBe(NOW.toISOString());
  });

  it('a tree scan: committed values are at HEAD, an uncommitted edit is working tree only', async () => {
    const fresh = new Sandbox();
    const { repo, secrets } = createAuditRepo(fresh, 77);
    repo.write('notes/local.sh', `export WANDB_API_KEY=${secrets.wandb}\n`);
    const tree = await scanTree({ cwd: repo.dir, paths: [], threads: 1 });
    const treeFacts = await collectAuditFacts(tree, { cwd: repo.dir, scope: 'tree', treeScan: true, reveal: false, migration: false, now: NOW });
    const byPath = new Map(tree.findings.map((finding) => [finding.path, treeFacts.findings[finding.fingerprint]]));
    expect(byPath.get('configs/base.py')?.state).toBe('head');
    expect(byPath.get('notes/local.sh')?.state).toBe('uncommitted');
    expect(byPath.get('notes/local.sh')?.commits).toEqual([]);
  }, TIMEOUT);

  it('outside a repository: no git facts, and a note says why', async () => {
    const outside = new Sandbox();
    const empty: ScanResult = { findings: [], stats: { files: 0, bytes: 0, durationMs: 0 } };
    const noGit = await collectAuditFacts(empty, { cwd: outside.root, scope: 'tree', treeScan: true, reveal: false, migration: false, now: NOW });
    expect(noGit.findings).toEqual({});
    expect(noGit.notes).toEqual(['not a git repository: no commits, authors or removal dates']);
  });
});
