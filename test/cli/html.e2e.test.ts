import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonReport } from '../../src/reporters/json.js';
import { getPublicPrefix } from '../../src/findings/redact.js';
import { Sandbox, removeSandboxes } from '../git/repo.js';
import { createAuditRepo, type AuditRepo } from '../audit/audit-repo.js';
import { attr, byId, byTag, findAll, hasClass, parsePage, textOf, ancestor } from '../reporters/html-dom.js';

const TIMEOUT = 120_000;

describe('leakguard scan --format html', () => {
  let audit: AuditRepo;
  beforeAll(() => {
    audit = createAuditRepo(new Sandbox());
  }, TIMEOUT);
  afterAll(removeSandboxes);

  const allSecrets = () => Object.values(audit.secrets);
  const assertRedacted = (text: string) => {
    for (const secret of allSecrets()) {
      expect(text).not.toContain(secret);
      const body = secret.slice(getPublicPrefix(secret).length);
      for (let start = 0; start + 8 <= body.length; start++) expect(text).not.toContain(body.slice(start, start + 8));
    }
  };

  it('--history: the page holds the JSON report\'s findings, redacted the same, and the git story', () => {
    const json = JSON.parse(audit.repo.leakguard('scan', '--history', '--format', 'json').stdout) as JsonReport;
    const output = join(audit.repo.dir, '..', 'history.html');
    const run = audit.repo.leakguard('scan', '--history', '--format', 'html', '--output', output);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toBe('');
    const text = readFileSync(output, 'utf8');
    assertRedacted(text);
    const { document, errors } = parsePage(text);
    expect(errors).toEqual([]);
    expect(json.findings).toHaveLength(5);
    for (const finding of json.findings) {
      const item = findAll(document, (element) => attr(element, 'data-fingerprint') === finding.fingerprint)[0];
      expect(item, finding.path).toBeDefined();
      expect(textOf(item!)).toContain(`${finding.path}:${finding.line}`);
      expect(findAll(ancestor(item!, 'tr')!, (element) => hasClass(element, 'value')).map(textOf)).toEqual([finding.redacted]);
    }
    const states = byTag(byId(document, 'credentials-table')!, 'tr').slice(1).map((row) => textOf(findAll(row, (element) => hasClass(element, 'badge'))[0]!));
    expect(states.sort()).toEqual(['at HEAD', 'at HEAD', 'migrated', 'only in history', 'removed']);
    const header = textOf(byTag(document, 'header')[0]!);
    expect(header).toContain('every commit on every ref');
    expect(header).toContain('https://github.com/example-org/audit.git (public hub)');
    expect(textOf(byId(document, 'authors')!)).toContain("Ben O'Brien & Co");
    // HEAD still holds two values in the working tree: migrate would move them.
    expect(textOf(byId(document, 'migration')!)).toContain('would move 2 values into .env');
  }, TIMEOUT);

  it('a tree scan to stdout: every value at HEAD, commits and authors from history', () => {
    const run = audit.repo.leakguard('scan', '--format', 'html');
    expect(run.code, run.stderr).toBe(1);
    assertRedacted(run.stdout);
    const { document } = parsePage(run.stdout);
    expect(textOf(byTag(document, 'header')[0]!)).toContain('the working tree');
    const rows = byTag(byTag(byId(document, 'credentials-table')!, 'tbody')[0]!, 'tr');
    expect(rows).toHaveLength(2);
    expect(rows.map((row) => textOf(row))).toEqual(rows.map(() => expect.stringContaining('Ada Lovelace')));
  }, TIMEOUT);

  it('--range: only the range\'s commits', () => {
    const run = audit.repo.leakguard('scan', '--range', `${audit.commits.first}..main`, '--format', 'html');
    expect(run.code, run.stderr).toBe(1);
    const { document } = parsePage(run.stdout);
    expect(textOf(byTag(document, 'header')[0]!)).toContain(`commits in ${audit.commits.first}..main`);
    const paths = findAll(document, (element) => attr(element, 'data-fingerprint') !== undefined).map((element) => textOf(byTag(element, 'code')[0]!));
    expect(paths.sort()).toEqual(['launch.py:1', 'serve.py:2']);
  }, TIMEOUT);

  it('a range that found nothing: a clean page, and no migrate preview of what was not scanned', () => {
    const run = audit.repo.leakguard('scan', '--range', `${audit.commits.migrate}..main`, '--format', 'html');
    expect(run.code, run.stderr).toBe(0);
    const { document, errors } = parsePage(run.stdout);
    expect(errors).toEqual([]);
    expect(textOf(byId(document, 'credentials-table')!)).toContain('No credentials found.');
    expect(textOf(byId(document, 'migration')!)).toContain('migrate: not previewed, the scan found nothing');
  }, TIMEOUT);

  it('lists html among the formats when given a bad one', () => {
    const run = audit.repo.leakguard('scan', '--format', 'pdf');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('leakguard: --format must be one of text, json, sarif, github, html (got "pdf")\n');
  });
});
