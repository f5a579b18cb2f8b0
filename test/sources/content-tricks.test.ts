/**
 * Content that used to walk a credential past the scanner with "No credentials found": NUL bytes
 * in code, look-alike LFS pointers, `.gitattributes` that call text binary, UTF-16/32 with a BOM,
 * notebook strings outside cell sources, notebooks whose size is images. Each trick is run
 * through a tree scan, the staged scan (the hook) and the history scan, with the built CLI.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { Sandbox, removeSandboxes, type TempRepo } from '../git/repo.js';

const tokens = new FakeTokens(90909);
const sandbox = new Sandbox();
afterAll(removeSandboxes);
let repoCount = 0;

interface JsonReport {
  findings: { path: string; line: number; column: number; cell?: number }[];
  notes: { path: string; reason: string; detail?: string }[];
}

function utf16(text: string, endian: 'le' | 'be'): Buffer {
  const body = Buffer.from(text, 'utf16le');
  if (endian === 'be') body.swap16();
  return Buffer.concat([Buffer.from(endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), body]);
}

function utf32le(text: string): Buffer {
  const points = [...text].map((char) => char.codePointAt(0)!);
  const body = Buffer.alloc(points.length * 4);
  points.forEach((point, index) => body.writeUInt32LE(point, index * 4));
  return Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), body]);
}

/** Every trick, each with its own token, and where the finding must be reported. */
function writeTricks(repo: TempRepo): Map<string, { line: number; column?: number }> {
  const expected = new Map<string, { line: number; column?: number }>();
  const put = (path: string, content: string | Buffer): void => writeFileSync(join(repo.dir, path), content);
  put('.gitattributes', '*.png -diff\n*.cfg binary\n');
  put('nul.py', `x = 1\0\nlogin(token="${tokens.huggingFace()}")\n`);
  expected.set('nul.py', { line: 2, column: 14 });
  put('lookalike.py', `version https://git-lfs.github.com/spec/v1\nlogin(token="${tokens.huggingFace()}")\n`);
  expected.set('lookalike.py', { line: 2 });
  put('screenshot.png', `login(token="${tokens.huggingFace()}")\n`);
  expected.set('screenshot.png', { line: 1 });
  put('settings.cfg', `[hub]\ntoken = ${tokens.huggingFace()}\n`);
  expected.set('settings.cfg', { line: 2 });
  const line = (token: string): string => `# PowerShell's default\r\n$env:HF_TOKEN = "${token}"\r\n`;
  put('profile-le.ps1', utf16(line(tokens.huggingFace()), 'le'));
  expected.set('profile-le.ps1', { line: 2, column: 18 });
  put('profile-be.ps1', utf16(line(tokens.huggingFace()), 'be'));
  expected.set('profile-be.ps1', { line: 2, column: 18 });
  put('profile-32.ps1', utf32le(line(tokens.huggingFace())));
  expected.set('profile-32.ps1', { line: 2, column: 18 });
  return expected;
}

function notebook(): { text: string; secrets: string[] } {
  const secrets = [tokens.huggingFace(), tokens.huggingFace(), tokens.huggingFace(), tokens.huggingFace(), tokens.huggingFace()];
  const pixels = tokens.chars('alnum', 300_000); // image output: far over the 100 kB limit below
  const nb = {
    cells: [
      {
        cell_type: 'code',
        metadata: {},
        source: { text: `login(token="${secrets[0]}")` }, // not nbformat's string or list
        outputs: [
          { output_type: 'display_data', data: { 'image/png': pixels, 'text/plain': ['<Figure>'] }, metadata: {} },
          { output_type: 'display_data', data: { 'application/vnd.custom.view+json': { config: { hub_token: secrets[1] } } }, metadata: {} },
        ],
      },
      {
        cell_type: 'markdown',
        metadata: {},
        attachments: { 'creds.txt': { 'text/plain': `HF_TOKEN=${secrets[2]}` }, 'plot.png': { 'image/png': pixels.slice(0, 1000) } },
        source: ['see attachment\n'],
      },
    ],
    metadata: {
      kernelspec: { name: 'python3' },
      widgets: {
        'application/vnd.jupyter.widget-state+json': {
          state: { 'a1b2': { model_name: 'PasswordModel', state: { value: secrets[3], description: 'Token:' } } },
          version_major: 2,
        },
      },
      my_tool: [1, { api: `HF_TOKEN=${secrets[4]}` }],
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return { text: JSON.stringify(nb, null, 1), secrets };
}

function scanJson(repo: TempRepo, ...args: string[]): JsonReport {
  const run = repo.leakguard('scan', '--format', 'json', ...args);
  expect(run.code, run.output).toBe(1);
  return JSON.parse(run.stdout) as JsonReport;
}

function expectTricksFound(report: JsonReport, expected: Map<string, { line: number; column?: number }>): void {
  for (const [path, where] of expected) {
    const found = report.findings.find((finding) => finding.path === path);
    expect(found, `${path} was not reported`).toBeDefined();
    expect(found!.line, path).toBe(where.line);
    if (where.column !== undefined) expect(found!.column, path).toBe(where.column);
  }
}

describe('content tricks', { timeout: 120_000 }, () => {
  test('a tree scan finds every one', () => {
    const repo = sandbox.repo(`tree-${++repoCount}`);
    const expected = writeTricks(repo);
    expectTricksFound(scanJson(repo), expected);
  });

  test('the staged scan (the hook) finds every one', () => {
    const repo = sandbox.repo(`staged-${++repoCount}`);
    const expected = writeTricks(repo);
    repo.git('add', '.');
    expectTricksFound(scanJson(repo, '--staged'), expected);
  });

  test('history and range scans read the blobs of files git shows as binary (-diff, binary, NUL)', () => {
    const repo = sandbox.repo(`history-${++repoCount}`);
    writeFileSync(join(repo.dir, 'README.md'), 'hello\n');
    repo.git('add', '.');
    repo.commitUnchecked('base');
    const expected = writeTricks(repo);
    writeFileSync(join(repo.dir, '.gitattributes'), '*.png -diff\n*.cfg binary\n*.py -diff\n*.ipynb -diff\n');
    const nb = notebook();
    writeFileSync(join(repo.dir, 'demo.ipynb'), nb.text);
    repo.git('add', '.');
    repo.commitUnchecked('tricks');
    const history = scanJson(repo, '--history');
    expectTricksFound(history, expected);
    const range = scanJson(repo, '--range', 'HEAD~1..HEAD');
    expectTricksFound(range, expected);
    // Only the commit that added a value reports it: an edit that keeps it is no new sighting.
    writeFileSync(join(repo.dir, 'nul.py'), `${repo.read('nul.py')}y = 2\n`);
    repo.git('add', '.');
    repo.commitUnchecked('edit');
    const edit = repo.leakguard('scan', '--format', 'json', '--range', 'HEAD~1..HEAD');
    expect(edit.code, edit.output).toBe(0);
    expect((JSON.parse(edit.stdout) as JsonReport).findings).toEqual([]);
  });

  test('notebooks: metadata, widget state, attachments, vnd outputs and odd sources are scanned; the size limit ignores images', () => {
    const repo = sandbox.repo(`notebook-${++repoCount}`);
    const nb = notebook();
    writeFileSync(join(repo.dir, 'demo.ipynb'), nb.text);
    writeFileSync(join(repo.dir, '.leakguard.json'), JSON.stringify({ maxFileSize: 100_000 }));
    const tree = scanJson(repo);
    const staged = (repo.git('add', '.'), scanJson(repo, '--staged'));
    for (const report of [tree, staged]) {
      const lines = report.findings.filter((finding) => finding.path === 'demo.ipynb').map((finding) => finding.line);
      expect(lines).toHaveLength(nb.secrets.length);
      const raw = nb.text.split('\n');
      nb.secrets.forEach((secret) => expect(lines).toContain(raw.findIndex((text) => text.includes(secret)) + 1));
    }
    repo.commitUnchecked('nb');
    expect(scanJson(repo, '--history').findings.filter((finding) => finding.path === 'demo.ipynb')).toHaveLength(nb.secrets.length);
  });
});

describe('skipped files are notes in every format', { timeout: 60_000 }, () => {
  test('text, json, sarif and github all name a binary and a too-large file', () => {
    const repo = sandbox.repo(`notes-${++repoCount}`);
    writeFileSync(join(repo.dir, 'weights.bin'), Buffer.from([0, 1, 2, 3, 0]));
    writeFileSync(join(repo.dir, 'big.csv'), 'a,b\n'.repeat(40_000));
    writeFileSync(join(repo.dir, '.leakguard.json'), JSON.stringify({ maxFileSize: 100_000 }));
    const text = repo.leakguard('scan');
    expect(text.code, text.output).toBe(0);
    expect(text.stdout).toContain('note: skipped weights.bin: binary content');
    expect(text.stdout).toContain('note: skipped big.csv: too large');
    const json = JSON.parse(repo.leakguard('scan', '--format', 'json').stdout) as JsonReport;
    expect(json.notes).toEqual([
      { path: 'big.csv', reason: 'too-large', detail: '160000 bytes, maxFileSize is 100000' },
      { path: 'weights.bin', reason: 'binary' },
    ]);
    const sarif = JSON.parse(repo.leakguard('scan', '--format', 'sarif').stdout) as {
      runs: { invocations: { toolExecutionNotifications: { descriptor: { id: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }[];
    };
    const notifications = sarif.runs[0]!.invocations[0]!.toolExecutionNotifications;
    expect(notifications.map((item) => [item.descriptor.id, item.locations[0]!.physicalLocation.artifactLocation.uri])).toEqual([
      ['leakguard/too-large', 'big.csv'],
      ['leakguard/binary', 'weights.bin'],
    ]);
    const github = repo.leakguard('scan', '--format', 'github').stdout;
    expect(github).toContain('::notice file=weights.bin,title=leakguard binary::skipped weights.bin: binary content');
    expect(github).toContain('::notice file=big.csv,title=leakguard too-large::');
  });
});
