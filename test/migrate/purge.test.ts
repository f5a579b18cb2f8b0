/**
 * Nothing left behind: copies and fragments of known values at HEAD, a W&B key in README prose,
 * values that live only in history (an old key and an SSH private key) in the rotation list and
 * the purge file; then the printed purge commands, run exactly as printed with Debian's
 * git-filter-repo, leave `scan --history` clean of every one of them.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from '../support/cli.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';
import { git, makeRepo } from './support.js';

const tokens = new FakeTokens(93);
const HF = tokens.expand('hf_{{alpha:34}}');
const WB = tokens.expand('{{hex:40}}');
const RP_LEGACY = tokens.expand('{{upperdigit:40}}');
const RP_OLD = tokens.expand('rpa_{{upperdigit:40}}{{lowerdigit:6}}');
const OPENAI = tokens.expand('sk-proj-{{alnum:74}}T3BlbkFJ{{alnum:74}}');
const KEY_BODY = tokens.expand(
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACB{{b64:57}}\n{{b64:70}}\n{{b64:70}}\n{{b64:70}}\n{{b64:20}}BAgM=',
);
const PRIVATE_KEY = `-----BEGIN OPENSSH PRIVATE KEY-----\n${KEY_BODY}\n-----END OPENSSH PRIVATE KEY-----\n`;
const hasFilterRepo = spawnSync('git', ['filter-repo', '--version']).status === 0;

interface Report {
  values: { envVar: string; env: string; redacted: string; commits: string[] | null }[];
  files: { path: string; status: string; reason?: string }[];
  purge?: string[];
  replaceTextFile?: string;
}

function migrateJson(root: string): { status: number; report: Report } {
  const run = runCli(['migrate', '--format', 'json'], root);
  expect(run.stderr).toBe('');
  return { status: run.status, report: JSON.parse(run.stdout) as Report };
}

describe('migrate leaves no credential behind', () => {
  it('finds every copy and fragment, lists history-only values, and the printed purge works as printed', { timeout: 180_000 }, () => {
    expect(hasFilterRepo, 'git-filter-repo must be installed (apt-get install git-filter-repo)').toBe(true);
    const root = makeRepo({ 'old_keys.py': `import runpod\nrunpod.api_key = "${RP_OLD}"\n`, 'deploy/id_ed25519': PRIVATE_KEY });
    git(root, ['rm', '-q', 'old_keys.py', 'deploy/id_ed25519']);
    const half = Math.floor(OPENAI.length / 2);
    const files: Record<string, string> = {
      'train.py': `from huggingface_hub import login\nimport wandb\nlogin(token="${HF}")\nwandb.login(key="${WB}")\n`,
      'launch.py': `import os\napi_key = os.environ.get("RUNPOD_API_KEY", "${RP_LEGACY}")\n`,
      'tools/status.py': `KEY = "${RP_LEGACY}"\n`,
      'docs/runpod.md': `Call the endpoint with \`${RP_LEGACY}\` as the bearer.\n`,
      'README.md': `# Setup\n\nRun \`huggingface-cli login --token ${HF}\`. Our team's W&B key is ${WB} for now.\n`,
      'client.py': `import os\nOPENAI_API_KEY = os.environ.get("OPENAI_API_KEY", "${OPENAI}")\n`,
      'web/parts.py': `PART1 = "${OPENAI.slice(0, half)}"\nPART2 = "${OPENAI.slice(half)}"\n`,
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    git(root, ['add', '-A']);
    git(root, ['commit', '-q', '-m', 'rotate keys, add training code']);

    const { status, report } = migrateJson(root);
    expect(status).toBe(1); // the split literal needs a human
    for (const path of ['tools/status.py', 'docs/runpod.md', 'README.md', 'train.py', 'launch.py', 'client.py']) {
      const text = readFileSync(join(root, path), 'utf8');
      for (const value of [HF, WB, RP_LEGACY, OPENAI]) expect(text, path).not.toContain(value);
    }
    const parts = report.files.find((file) => file.path === 'web/parts.py');
    expect(parts).toMatchObject({ status: 'manual' });
    expect(parts?.reason).toMatch(/split/);

    const historyOnly = report.values.filter((value) => value.env === 'history-only');
    expect(historyOnly.map((value) => value.envVar).sort()).toEqual(expect.arrayContaining(['RUNPOD_API_KEY_OLD', expect.stringMatching(/KEY|SSH/)]));
    expect(historyOnly).toHaveLength(2);
    for (const value of historyOnly) expect(value.commits?.length).toBeGreaterThan(0);
    const env = readFileSync(join(root, '.env'), 'utf8');
    expect(env).not.toContain(RP_OLD);
    expect(readFileSync(join(root, '.env.example'), 'utf8')).not.toMatch(/_OLD|SSH|PRIVATE/);
    const replaceText = readFileSync(join(root, '.leakguard/replace-text.txt'), 'utf8');
    for (const value of [HF, WB, RP_LEGACY, RP_OLD, OPENAI]) expect(replaceText).toContain(`${value}==>***REMOVED***`);
    expect(replaceText).toMatch(/^regex:b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\\r\?\\nQyNTUxOQAAACB/m);

    // A second run does not go quiet about what is left.
    const second = migrateJson(root);
    expect(second.status).toBe(1);
    expect(second.report.files.find((file) => file.path === 'web/parts.py')?.status).toBe('manual');

    // Commit the migration (the split file fixed by hand first), then run the purge as printed.
    writeFileSync(join(root, 'web/parts.py'), 'import os\nKEY = os.environ["OPENAI_API_KEY"]\n');
    git(root, ['add', '-A']);
    git(root, ['commit', '-q', '-m', 'move credentials to .env']);
    expect(report.purge).toHaveLength(3);
    const bin = join(root, '..', 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'leakguard'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(join(bin, 'leakguard'), 0o755);
    rmSync(`${root}-purge.git`, { recursive: true, force: true });
    const env2 = { ...process.env, PATH: `${bin}:${process.env['PATH']}` };
    for (const command of report.purge!.slice(0, 2)) {
      const run = spawnSync('bash', ['-c', command], { cwd: root, encoding: 'utf8', env: env2 });
      expect(run.status, `${command}\n${run.stderr}`).toBe(0);
    }
    const scan = spawnSync('bash', ['-c', `${report.purge![2]} --format json --reveal`], { cwd: root, encoding: 'utf8', env: env2 });
    const found = (JSON.parse(scan.stdout) as { findings: { secret: string }[] }).findings.map((finding) => finding.secret);
    for (const value of [HF, WB, RP_LEGACY, RP_OLD, OPENAI, KEY_BODY]) expect(found).not.toContain(value);
    expect(scan.status, scan.stdout).toBe(0);
    // The original repository still holds its history: the purge worked on the clone only.
    expect(git(root, ['log', '--all', '-p']).includes(RP_OLD)).toBe(true);
  });
});
