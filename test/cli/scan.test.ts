import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { spawnSync } from 'node:child_process';
import { BIN, runCli, tempTree } from '../support/cli.js';

const tokens = new FakeTokens(99);

describe('leakguard scan (the real binary)', () => {
  it('exits 0 on a clean tree and 1 with findings, redacted by default', () => {
    const clean = tempTree({ 'train.py': 'import os\ntoken = os.environ["HF_TOKEN"]\n' });
    expect(runCli(['scan'], clean).status).toBe(0);

    const secret = tokens.huggingFace();
    const dirty = tempTree({ 'configs/base_config.py': `HF_TOKEN = "${secret}"\n` });
    const run = runCli(['scan', '.'], dirty);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('configs/base_config.py');
    expect(run.stdout).toContain('HF_TOKEN');
    expect(run.stdout).not.toContain(secret);
    expect(runCli(['scan', '--reveal'], dirty).stdout).toContain(secret);
  });

  it('--quiet prints nothing on success and the usual report on findings', () => {
    const clean = tempTree({ 'train.py': 'import os\n' });
    const quiet = runCli(['scan', '--quiet'], clean);
    expect(quiet).toMatchObject({ status: 0, stdout: '', stderr: '' });
    expect(runCli(['scan'], clean).stdout).toContain('No credentials found');
    const dirty = tempTree({ 'train.py': `HF_TOKEN = "${tokens.huggingFace()}"\n` });
    const found = runCli(['scan', '-q'], dirty);
    expect(found.status).toBe(1);
    expect(found.stdout).toContain('train.py');
  });

  it('scan - reads standard input; --stdin-filename names it for path rules, notebooks and ignorePaths', () => {
    const root = tempTree({ '.leakguard.json': JSON.stringify({ ignorePaths: ['vendor/**'] }) });
    const secret = tokens.huggingFace();
    const input = `login(token="${secret}")\n`;
    const stdin = (args: string[], text: string) => {
      const result = spawnSync(process.execPath, [BIN, ...args], { cwd: root, input: text, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };
    const plain = stdin(['scan', '-', '--format', 'json'], input);
    expect(plain.status, plain.stderr).toBe(1);
    expect(JSON.parse(plain.stdout).findings[0]).toMatchObject({ path: 'stdin', line: 1, provider: 'huggingface' });
    const named = stdin(['scan', '-', '--stdin-filename', 'src/train.py', '--format', 'json'], input);
    expect(JSON.parse(named.stdout).findings[0]).toMatchObject({ path: 'src/train.py' });
    expect(stdin(['scan', '-', '--stdin-filename', 'vendor/lib.py'], input).status).toBe(0);
    // A notebook is parsed as one: the finding maps back to its line in the raw JSON.
    const notebook = JSON.stringify({ cells: [{ cell_type: 'code', source: ['import os\n', input] }] }, null, 1);
    const cells = stdin(['scan', '-', '--stdin-filename', 'nb.ipynb', '--format', 'json'], notebook);
    expect(JSON.parse(cells.stdout).findings[0]).toMatchObject({ path: 'nb.ipynb', line: notebook.split('\n').findIndex((line) => line.includes(secret)) + 1 });
    expect(stdin(['scan', '/dev/stdin'], input).status).toBe(1);
    expect(stdin(['scan', '--quiet', '-'], 'print(1)\n')).toMatchObject({ status: 0, stdout: '' });
    const misuse = stdin(['scan', '-', '--staged'], input);
    expect(misuse.status).toBe(2);
    expect(misuse.stderr).toMatch(/^leakguard: scan: `-` \(standard input\) takes no other path or git option\n$/);
    expect(plain.stdout).not.toContain(secret);
  });

  it('prints the JSON contract and writes --output files', () => {
    const secret = tokens.wandbV1();
    const root = tempTree({ 'job.sbatch': `#!/bin/bash\nexport WANDB_API_KEY=${secret}\n` });
    const run = runCli(['scan', '--format', 'json'], root);
    const report = JSON.parse(run.stdout) as { version: number; findings: Record<string, unknown>[]; stats: Record<string, number> };
    expect(report.version).toBe(1);
    expect(report.findings[0]).toMatchObject({ provider: 'wandb', path: 'job.sbatch', line: 2, envVar: 'WANDB_API_KEY', commit: null });
    expect(report.findings[0]).not.toHaveProperty('secret');
    expect(report.stats.files).toBe(1);

    expect(runCli(['scan', '--format', 'sarif', '--output', 'out.sarif'], root).stdout).toBe('');
    const sarif = JSON.parse(readFileSync(join(root, 'out.sarif'), 'utf8')) as { version: string };
    expect(sarif.version).toBe('2.1.0');
    expect(runCli(['scan', '--format', 'github'], root).stdout).toMatch(/^::error file=job\.sbatch,line=2/);
  });

  it('honours .gitignore (nested too), config ignorePaths and skips binary files', () => {
    const secret = tokens.huggingFace();
    const root = tempTree({
      '.gitignore': 'outputs/\n',
      'outputs/run.log': `token ${secret}\n`,
      'sub/.gitignore': '*.local\n',
      'sub/notes.local': `token ${secret}\n`,
      'vendor/copy.py': `t = "${secret}"\n`,
      '.leakguard.json': JSON.stringify({ ignorePaths: ['vendor/**'] }),
      'weights.bin': Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(secret)]),
      'data.dat': Buffer.concat([Buffer.from(`${secret}\n`), Buffer.from([0])]),
    });
    const run = runCli(['scan', '--format', 'json'], root);
    const clean = JSON.parse(run.stdout) as { findings: unknown[]; notes: { path: string; reason: string }[] };
    expect(clean.findings).toEqual([]);
    expect(clean.notes).toEqual([
      { path: 'data.dat', reason: 'binary' },
      { path: 'weights.bin', reason: 'binary' },
    ]);
    expect(run.status).toBe(0);
    const all = JSON.parse(runCli(['scan', '--no-gitignore', '--format', 'json'], root).stdout) as { findings: { path: string }[] };
    expect(all.findings.map((f) => f.path).sort()).toEqual(['outputs/run.log', 'sub/notes.local']);
  });

  it('scans large trees on worker threads with the same results as one thread', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) files[`pkg/m${i}.py`] = `# module ${i}\n${'x = 1\n'.repeat(200)}${i % 20 === 0 ? `T = "${tokens.huggingFace()}"\n` : ''}`;
    const root = tempTree(files);
    const single = JSON.parse(runCli(['scan', '--format', 'json', '--threads', '1'], root).stdout) as { findings: unknown[] };
    const parallel = JSON.parse(runCli(['scan', '--format', 'json', '--threads', '2'], root).stdout) as { findings: unknown[] };
    expect(single.findings).toHaveLength(3);
    expect(parallel.findings).toEqual(single.findings);
  });

  it('filters with a baseline and reports stale entries', () => {
    const secret = tokens.huggingFace();
    const root = tempTree({ 'legacy.py': `T = "${secret}"\n` });
    expect(runCli(['baseline'], root).status).toBe(0);
    const baseline = readFileSync(join(root, '.leakguard-baseline.json'), 'utf8');
    expect(baseline).not.toContain(secret);
    expect(JSON.parse(baseline)).toMatchObject({ version: 1, entries: [{ path: 'legacy.py' }] });
    expect(JSON.parse(baseline).entries[0]).not.toHaveProperty('line');
    expect(runCli(['scan', '--baseline', '.leakguard-baseline.json'], root).status).toBe(0);

    writeFileSync(join(root, 'legacy.py'), 'T = None\n');
    const stale = runCli(['scan', '--baseline', '.leakguard-baseline.json', '--format', 'json'], root);
    expect(JSON.parse(stale.stdout).staleBaseline).toHaveLength(1);
  });

  it('turns bad input into one line on stderr and exit 2', () => {
    const root = tempTree({ 'a.py': 'x = 1\n' });
    const cases: [string[], RegExp][] = [
      [['scan', '--bogus'], /Unknown option '--bogus'/],
      [['scan', '--format', 'xml'], /--format must be one of text, json, sarif, github/],
      [['scan', 'missing-dir'], /cannot read missing-dir: ENOENT/],
      [['scan', '--threads', 'zero'], /--threads must be a positive whole number/],
      [['frobnicate'], /unknown command "frobnicate"/],
      [['scan', '--baseline', 'nope.json'], /cannot read baseline nope.json/],
    ];
    for (const [args, message] of cases) {
      const run = runCli(args, root);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('names the file and key of an invalid config, and the rule of an invalid regex', () => {
    const badKey = tempTree({ '.leakguard.json': JSON.stringify({ maxFileSize: 'big' }) });
    const run = runCli(['scan'], badKey);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/invalid config .*\.leakguard\.json: maxFileSize/);

    const unknownKey = tempTree({ '.leakguard.json': JSON.stringify({ ignore: [] }) });
    expect(runCli(['scan'], unknownKey).stderr).toMatch(/invalid config .*: \(root\).*ignore/);

    const badRegex = tempTree({
      '.leakguard.json': JSON.stringify({
        rules: [{ id: 'acme-key', provider: 'acme', description: 'Acme', regex: '(unclosed', keywords: ['acme'], envVar: 'ACME_KEY', docsUrl: 'https://acme.invalid' }],
      }),
    });
    const regexRun = runCli(['scan'], badRegex);
    expect(regexRun.status).toBe(2);
    expect(regexRun.stderr).toMatch(/rule "acme-key": invalid regex/);

    const notJson = tempTree({ '.leakguard.json': '{ nope' });
    expect(runCli(['scan'], notJson).stderr).toMatch(/not JSON/);
  });

  it('adds, overrides and disables rules from the config', () => {
    const root = tempTree({
      '.leakguard.json': JSON.stringify({
        rules: [{ id: 'acme-key', provider: 'acme', description: 'Acme', regex: '\\b(acme_[a-z0-9]{20})\\b', keywords: ['acme_'], envVar: 'ACME_KEY', docsUrl: 'https://acme.invalid' }],
        disabledRules: ['huggingface-user-token'],
      }),
      'a.py': `A = "acme_${tokens.chars('lowerdigit', 20)}"\nH = "${tokens.huggingFace()}"\n`,
    });
    const report = JSON.parse(runCli(['scan', '--format', 'json'], root).stdout) as { findings: { ruleId: string }[] };
    expect(report.findings.map((f) => f.ruleId)).toEqual(['acme-key']);
  });

  it('does not crash on unreadable files, empty files, invalid UTF-8 or BOMs', () => {
    const secret = tokens.huggingFace();
    const root = tempTree({
      'empty.py': '',
      'bom.py': `\uFEFFT = "${secret}"\n`,
      'latin1.txt': Buffer.from([0xfe, 0x41, 0x0a, 0xc3, 0xff]),
      'locked.py': 'x = 1\n',
    });
    chmodSync(join(root, 'locked.py'), 0o000);
    const run = runCli(['scan', '--format', 'json'], root);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: { path: string; line: number; column: number }[] };
    expect(report.findings).toEqual([expect.objectContaining({ path: 'bom.py', line: 1, column: 6 })]);
  });
});
