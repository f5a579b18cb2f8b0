/**
 * Batch job scripts: the `.env` loader must not end the scheduler's directive header. A small
 * sbatch-style header parser, run under bash, reads the directives before and after the rewrite
 * (Slurm stops at the first non-comment, non-whitespace line), and the job itself runs under bash.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rewriteShell } from '../../src/migrate/languages/shell/index.js';
import type { NamedFinding } from '../../src/migrate/types.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';

/** Prints each directive of `$2` (e.g. SBATCH) the way the scheduler would read them, one per line. */
const HEADER_PARSER = [
  'kind=$2',
  'first=1',
  'while IFS= read -r line || [ -n "$line" ]; do',
  "  line=${line%$'\\r'}",
  '  if [ "$first" = 1 ]; then first=0; case "$line" in \'#!\'*) continue ;; esac; fi',
  '  case "$line" in',
  '    "#$kind"|"#$kind "*) printf \'%s\\n\' "${line#"#$kind"}" ;;',
  "    '#'*) ;;",
  '    *) [ -z "${line//[[:space:]]/}" ] && continue; break ;;',
  '  esac',
  'done < "$1"',
  '',
].join('\n');

function directives(script: string, kind: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'leakguard-sbatch-'));
  writeFileSync(join(dir, 'job.sh'), script);
  writeFileSync(join(dir, 'parse.sh'), HEADER_PARSER);
  const run = spawnSync('bash', [join(dir, 'parse.sh'), join(dir, 'job.sh'), kind], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.split('\n').filter((line) => line.length > 0);
}

function finding(text: string, secret: string, envVar: string): NamedFinding {
  const offset = text.indexOf(secret);
  return {
    ruleId: 'test',
    provider: 'test',
    path: 'job.sbatch',
    line: text.slice(0, offset).split('\n').length,
    column: 1,
    endColumn: 1,
    commit: null,
    redacted: 'x',
    fingerprint: 'x',
    envVar,
    secret,
    docsUrl: '',
    offset,
  } as NamedFinding;
}

async function migrateScript(text: string, secrets: Record<string, string>): Promise<string> {
  const findings = Object.entries(secrets).map(([name, secret]) => finding(text, secret, name));
  const result = await rewriteShell({ path: 'job.sbatch', root: '/x', text, findings, style: 'resolver', repoFiles: new Set() });
  expect(result.status).toBe('changed');
  return result.text!;
}

const tokens = new FakeTokens(12);
const HF = tokens.expand('hf_{{alpha:34}}');
const WB = tokens.expand('{{hex:40}}');

describe('loaders in batch job scripts', () => {
  const job = [
    '#!/bin/bash',
    '#SBATCH --job-name=sft',
    '#SBATCH --partition=gpu',
    '',
    '# resources',
    '#SBATCH --gres=gpu:a100:2',
    '#SBATCH --cpus-per-task=16',
    '#SBATCH --mem=64G',
    '',
    '#SBATCH --time=12:00:00',
    '#SBATCH -o logs/%x-%j.out',
    '#SBATCH -e logs/%x-%j.err',
    '#SBATCH --mail-type=END,FAIL',
    '#SBATCH --mail-user=someone@example.invalid',
    '',
    `export HF_TOKEN="${HF}"`,
    `export WANDB_API_KEY=${WB}`,
    'echo "hf $(printf %s "$HF_TOKEN" | sha256sum | cut -c1-12) wb $(printf %s "$WANDB_API_KEY" | sha256sum | cut -c1-12)"',
    '',
  ].join('\n');

  it('every #SBATCH directive survives, the loader sits after the last one, and the job still runs', async () => {
    const before = directives(job, 'SBATCH');
    expect(before).toHaveLength(10);
    const after = await migrateScript(job, { HF_TOKEN: HF, WANDB_API_KEY: WB });
    expect(directives(after, 'SBATCH')).toEqual(before);
    const lines = after.split('\n');
    const loader = lines.findIndex((line) => line.startsWith('set -a;'));
    const lastDirective = lines.map((line) => line.startsWith('#SBATCH')).lastIndexOf(true);
    expect(loader).toBeGreaterThan(lastDirective);
    expect(after).toContain('"${SLURM_SUBMIT_DIR:-.}/.env"');
    expect(after).not.toContain(HF);
    expect(after).not.toContain(WB);

    // Run the job as Slurm would: from a spool copy, with the submit directory holding .env.
    const submit = mkdtempSync(join(tmpdir(), 'leakguard-submit-'));
    const spool = mkdtempSync(join(tmpdir(), 'leakguard-spool-'));
    writeFileSync(join(submit, '.env'), `HF_TOKEN=${HF}\nWANDB_API_KEY=${WB}\n`);
    writeFileSync(join(spool, 'slurm_script'), after);
    const sha = (value: string): string => createHash('sha256').update(value).digest('hex').slice(0, 12);
    const run = spawnSync('bash', [join(spool, 'slurm_script')], { cwd: spool, encoding: 'utf8', env: { PATH: process.env['PATH'], SLURM_SUBMIT_DIR: submit } });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe(`hf ${sha(HF)} wb ${sha(WB)}`);
    // And without any source the job stops with the variable's name instead of running unauthenticated.
    const missing = spawnSync('bash', [join(spool, 'slurm_script')], { cwd: spool, encoding: 'utf8', env: { PATH: process.env['PATH'] } });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/HF_TOKEN: set HF_TOKEN in \.env/);
  });

  it('PBS and SGE headers keep every directive too, anchored at their submit directories', async () => {
    for (const [kind, variable] of [
      ['PBS', 'PBS_O_WORKDIR'],
      ['$', 'SGE_O_WORKDIR'],
    ] as const) {
      const script = ['#!/bin/bash', `#${kind} -N train`, '', `#${kind} -l walltime=01:00:00`, `#${kind} -j oe`, `export HF_TOKEN=${HF}`, 'python train.py', ''].join('\n');
      const before = directives(script, kind);
      expect(before).toHaveLength(3);
      const after = await migrateScript(script, { HF_TOKEN: HF });
      expect(directives(after, kind)).toEqual(before);
      expect(after).toContain(`"\${${variable}:-.}/.env"`);
    }
  });

  it('a plain script without directives still gets its loader under the leading comments', async () => {
    const script = `#!/bin/sh\n# push the model\n\nhuggingface-cli upload org/model . --token ${HF}\n`;
    const after = await migrateScript(script, { HF_TOKEN: HF });
    expect(after.split('\n').slice(0, 4)).toEqual(['#!/bin/sh', '# push the model', '# Credentials come from the gitignored .env (see .env.example).', 'set -a; [ -f ./.env ] && . ./.env; set +a']);
  });
});
