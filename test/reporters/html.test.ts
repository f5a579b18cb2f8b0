import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getPublicPrefix } from '../../src/findings/redact.js';
import { formatHtml } from '../../src/reporters/html.js';
import { formatJson, type JsonReport } from '../../src/reporters/json.js';
import type { AuditFacts, CommitInfo, Finding, ScanResult } from '../../src/types/index.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { ancestor, attr, byId, byTag, findAll, hasClass, parsePage, textOf } from './html-dom.js';
import { createFinding, createMixedResult } from './scan-result.js';

const OPTIONS = { reveal: false, color: false, toolVersion: '0.1.0' };
const NOW = '2025-06-01T00:00:00.000Z';

const commit = (char: string, date: string, author: string): CommitInfo => ({ commit: char.repeat(40), date, author });

/** Facts for the mixed result: every state, dates across months, one pushed value. */
function mixedFacts(result: ScanResult): AuditFacts {
  const [hf, wandb, notebook, history, second, knownTest] = result.findings;
  const findings: AuditFacts['findings'] = {};
  findings[hf!.fingerprint] = { state: 'head', commits: [commit('a', '2024-01-05T10:00:00.000Z', 'Ada')], pushed: true };
  findings[wandb!.fingerprint] = { state: 'migrated', commits: [commit('b', '2024-02-10T10:00:00.000Z', 'Ben')], removedIn: commit('c', '2024-05-01T10:00:00.000Z', 'Ada'), pushed: false };
  findings[notebook!.fingerprint] = { state: 'uncommitted', commits: [], pushed: false };
  findings[history!.fingerprint] = { state: 'removed', commits: [commit('d', '2024-03-03T10:00:00.000Z', 'Cy')], removedIn: commit('e', '2024-04-04T10:00:00.000Z', 'Cy'), pushed: false };
  findings[second!.fingerprint] = { state: 'history', commits: [commit('f', '2024-03-20T10:00:00.000Z', 'Ben')], pushed: false };
  // The known public test token sits in an uncommitted fixture: no commit, no lifeline.
  findings[knownTest!.fingerprint] = { state: 'uncommitted', commits: [], pushed: false };
  return {
    scope: 'every commit on every ref',
    generatedAt: NOW,
    head: { ...commit('9', '2024-05-30T10:00:00.000Z', 'Ada'), branch: 'main' },
    remotes: [{ name: 'origin', url: 'https://github.com/example-org/demo.git', host: 'github.com', publicHost: true }],
    findings,
    notes: [],
  };
}

const LEAK_WINDOW = 6;
function assertNoSecret(text: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    expect(text).not.toContain(secret);
    const body = secret.slice(getPublicPrefix(secret).length);
    for (let start = 0; start + LEAK_WINDOW <= body.length; start++) expect(text).not.toContain(body.slice(start, start + LEAK_WINDOW));
  }
}

/** The reporters' mixed result plus a value committed only on a side branch. */
function createAuditResult(): ScanResult {
  const result = createMixedResult();
  result.findings.push(
    createFinding({
      secret: new FakeTokens(11).anthropic(),
      ruleId: 'anthropic-api-key',
      provider: 'anthropic',
      description: 'Anthropic API key',
      path: 'side/sweep.sh',
      line: 2,
      column: 26,
      commit: 'f'.repeat(40),
      envVar: 'ANTHROPIC_API_KEY',
      docsUrl: 'https://console.anthropic.com/settings/keys',
    }),
  );
  return result;
}

describe('html reporter', () => {
  const result = createAuditResult();
  const facts = mixedFacts(result);
  const output = formatHtml(result, { ...OPTIONS, audit: facts });
  const { document, errors } = parsePage(output);

  it('is a well-formed HTML document', () => {
    expect(errors).toEqual([]);
    expect(attr(byTag(document, 'html')[0]!, 'lang')).toBe('en');
    expect(byTag(document, 'title')[0] && textOf(byTag(document, 'title')[0]!)).toMatch(/^leakguard audit: \d+ credentials$/);
  });

  it('holds every finding of the JSON report, with the same redaction', () => {
    const json = JSON.parse(formatJson(result, OPTIONS)) as JsonReport;
    for (const finding of json.findings) {
      const items = findAll(document, (element) => attr(element, 'data-fingerprint') === finding.fingerprint);
      expect(items, finding.path).toHaveLength(1);
      const item = items[0]!;
      expect(textOf(item)).toContain(`${finding.path}:${finding.line}`);
      expect(attr(item, 'data-line')).toBe(String(finding.line));
      const row = ancestor(item, 'tr')!;
      const values = findAll(row, (element) => hasClass(element, 'value')).map(textOf);
      expect(values).toEqual([finding.redacted]);
    }
  });

  it('has one credential row per distinct value', () => {
    const distinct = new Set(result.findings.map((finding) => `${finding.provider}\0${finding.secret}`));
    const table = byId(document, 'credentials-table')!;
    expect(byTag(byTag(table, 'tbody')[0]!, 'tr')).toHaveLength(distinct.size);
  });

  it('never holds a secret or a fragment of one without --reveal, anywhere in the file', () => {
    assertNoSecret(output, result.findings.map((finding) => finding.secret));
  });

  it('shows full values only with --reveal, and says so', () => {
    const revealed = formatHtml(result, { ...OPTIONS, reveal: true, audit: facts });
    for (const finding of result.findings) expect(revealed).toContain(finding.secret);
    expect(revealed).toContain('This file holds full secret values');
  });

  it('loads nothing: no src, no stylesheet links, a CSP that forbids the network, the script allowed by hash', () => {
    expect(findAll(document, (element) => attr(element, 'src') !== undefined)).toEqual([]);
    expect(byTag(document, 'link')).toEqual([]);
    for (const anchor of byTag(document, 'a')) expect(attr(anchor, 'href')).toMatch(/^(#|https:\/\/)/);
    const csp = findAll(document, (element) => attr(element, 'http-equiv') === 'Content-Security-Policy')[0]!;
    const scripts = byTag(document, 'script');
    expect(scripts).toHaveLength(1);
    const hash = createHash('sha256').update(textOf(scripts[0]!)).digest('base64');
    expect(attr(csp, 'content')).toBe(`default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'`);
  });

  it('tables have captions and scoped headers; every sortable column header is marked', () => {
    const tables = byTag(document, 'table');
    expect(tables.length).toBeGreaterThanOrEqual(6);
    for (const table of tables) {
      expect(byTag(table, 'caption')).toHaveLength(1);
      for (const th of byTag(byTag(table, 'thead')[0]!, 'th')) expect(attr(th, 'scope')).toBe('col');
      for (const row of byTag(byTag(table, 'tbody')[0]!, 'tr')) {
        const first = row.childNodes.find((node) => 'tagName' in node) as { tagName: string } | undefined;
        if (byTag(row, 'td').length === 1) continue; // an empty-table row
        expect(first?.tagName).toBe('th');
      }
    }
    expect(findAll(document, (element) => attr(element, 'data-sort') !== undefined).length).toBeGreaterThan(10);
  });

  it('has every section, in order', () => {
    const ids = byTag(document, 'section').map((section) => attr(section, 'id'));
    expect(ids).toEqual(['summary', 'rotation', 'timeline', 'credentials', 'files', 'authors', 'migration', 'notes']);
  });

  it('totals per state and per provider', () => {
    const stateTable = findAll(document, (element) => element.tagName === 'table' && textOf(byTag(element, 'caption')[0]!).startsWith('Credentials per state'))[0]!;
    const counts = Object.fromEntries(byTag(byTag(stateTable, 'tbody')[0]!, 'tr').map((row) => [textOf(byTag(row, 'th')[0]!), Number(textOf(byTag(row, 'td')[0]!))]));
    expect(counts).toEqual({ 'at HEAD': 1, 'working tree only': 2, 'only in history': 1, removed: 1, migrated: 1 });
  });

  it('draws one lifeline per dated credential and lists the months', () => {
    const svg = byTag(document, 'svg')[0]!;
    expect(attr(svg, 'role')).toBe('img');
    const lifelines = findAll(svg, (element) => hasClass(element, 'lifeline'));
    expect(lifelines).toHaveLength(4);
    expect(lifelines.map((line) => textOf(byTag(line, 'title')[0]!)).join('\n')).toContain('introduced 2024-01-05 by Ada');
    const monthRows = byTag(findAll(document, (element) => element.tagName === 'details' && textOf(element).includes('Per month'))[0]!, 'tr').slice(1);
    expect(monthRows.map((row) => textOf(byTag(row, 'th')[0]!))).toEqual(['2024-01', '2024-02', '2024-03', '2024-04', '2024-05']);
  });

  it('authors the commits that introduced each credential', () => {
    const section = byId(document, 'authors')!;
    const authors = byTag(byTag(section, 'tbody')[0]!, 'tr').map((row) => textOf(byTag(row, 'th')[0]!));
    expect(authors.sort()).toEqual(['Ada', 'Ben', 'Cy']);
  });
});

describe('html rotation checklist', () => {
  const tokens = new FakeTokens(99);
  const base = (secret: string, overrides: Partial<Finding> = {}) => createFinding({ secret, ...overrides });
  const findings = [
    base(tokens.huggingFace(), { path: 'old.py', verification: { status: 'invalid' } }),
    base(tokens.huggingFace(), { path: 'local.py' }),
    base(tokens.huggingFace(), { path: 'live.py', verification: { status: 'live', account: 'acme' } }),
    base(tokens.huggingFace(), { path: 'pushed.py' }),
  ];
  const result: ScanResult = { findings, stats: { files: 4, bytes: 10, durationMs: 1 } };
  const facts: AuditFacts = {
    scope: 'the working tree',
    generatedAt: NOW,
    remotes: [],
    notes: [],
    findings: {
      [findings[0]!.fingerprint]: { state: 'head', commits: [commit('1', '2020-01-01T00:00:00.000Z', 'A')], pushed: true },
      [findings[1]!.fingerprint]: { state: 'uncommitted', commits: [], pushed: false },
      [findings[2]!.fingerprint]: { state: 'uncommitted', commits: [], pushed: false },
      [findings[3]!.fingerprint]: { state: 'head', commits: [commit('2', '2025-05-01T00:00:00.000Z', 'A')], pushed: true },
    },
  };

  it('puts live keys first, then pushed, committed and old ones, and rejected keys last', () => {
    const { document } = parsePage(formatHtml(result, { ...OPTIONS, audit: facts }));
    const items = byTag(byTag(byId(document, 'rotation')!, 'ol')[0]!, 'li');
    const order = items.map((item) => textOf(byTag(item, 'a')[0]!));
    const idOf = (path: string) => textOf(findAll(document, (element) => element.tagName === 'tr' && textOf(element).includes(`${path}:`))[0]!.childNodes.find((node) => 'tagName' in node)!);
    expect(order).toEqual([idOf('live.py'), idOf('pushed.py'), idOf('local.py'), idOf('old.py')]);
    expect(textOf(items[0]!)).toContain('live key of acme');
    expect(textOf(items[3]!)).toContain('The provider already rejects it: nothing to rotate');
    expect(textOf(items[3]!)).toMatch(/^Remove/);
    expect(attr(byTag(items[0]!, 'a')[1]!, 'href')).toBe('https://huggingface.co/settings/tokens');
  });
});

describe('html escaping and optional inputs', () => {
  const tokens = new FakeTokens(7);
  const hostile = '<img src=x onerror=alert(1)>"&\'.py';
  const finding = createFinding({ secret: tokens.huggingFace(), path: hostile });
  (finding as Finding & { context?: string }).context = 'test';
  const result: ScanResult = {
    findings: [finding],
    stats: { files: 1, bytes: 1, durationMs: 1 },
    notes: [{ path: '<script>alert(1)</script>.bin', reason: 'binary' }],
    staleBaseline: [{ ruleId: 'wandb-api-key', path: 'gone.py', hash: 'x' }],
  };
  const facts: AuditFacts = {
    scope: 'the working tree',
    generatedAt: NOW,
    remotes: [],
    notes: [],
    findings: {},
    migration: {
      summary: { changed: 1, manual: 0, untracked: 0, values: 1, writes: 2 },
      files: [{ path: hostile, status: 'changed', language: 'python' }],
      values: [{ envVar: 'HF_TOKEN', provider: 'huggingface', redacted: finding.redacted, sites: [{ path: hostile, line: 12 }] }],
      writes: [{ path: '.env', kind: 'env', created: true }],
      notes: [],
      diff: `--- a/x.py\n+++ b/x.py\n-T = "${finding.redacted}"\n+T = get_secret("HF_TOKEN") </pre><b>`,
    },
  };
  const output = formatHtml(result, { ...OPTIONS, audit: facts });
  const { document, errors } = parsePage(output);

  it('turns repository text into text, never markup', () => {
    expect(errors).toEqual([]);
    expect(byTag(document, 'img')).toEqual([]);
    expect(byTag(document, 'b')).toEqual([]);
    expect(byTag(document, 'script')).toHaveLength(1);
    expect(textOf(document)).toContain(hostile);
    expect(textOf(byTag(document, 'pre')[0]!)).toContain('</pre><b>');
  });

  it('shows the finding context, the scan notes, stale baseline entries and the migrate preview', () => {
    expect(findAll(document, (element) => hasClass(element, 'context')).map(textOf)).toEqual(['test']);
    expect(textOf(byId(document, 'notes')!)).toContain('skipped <script>alert(1)</script>.bin: binary');
    expect(textOf(byId(document, 'notes')!)).toContain('gone.py');
    expect(textOf(byId(document, 'migration')!)).toContain('would move 1 value into .env');
  });

  it('renders without any audit facts (a library caller), deterministically', () => {
    const plain = formatHtml(result, OPTIONS);
    expect(parsePage(plain).errors).toEqual([]);
    expect(plain).toBe(formatHtml(result, OPTIONS));
    expect(textOf(byId(parsePage(plain).document, 'timeline')!)).toContain('No credential has a commit date (no git facts)');
  });
});
