// What the pre-commit hook adds to a commit, measured as `leakguard install` writes it, against
// `node -e 0` (the floor of any Node tool). Not a timed test: the target (at most 2x `node -e 0`)
// is read off this report. Run with `npm run bench:hook`.
//
// The project is a throw-away git repository with leakguard linked into node_modules the way npm
// links a devDependency, one staged Python file, and husky's hook as installed. For comparison it
// also times the hook this replaced (`npx --no -- leakguard scan --staged`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const project = mkdtempSync(join(tmpdir(), 'leakguard-hook-bench-'));
process.on('exit', () => rmSync(project, { recursive: true, force: true }));

// Nothing of a surrounding git hook's environment (GIT_INDEX_FILE, …) may reach the project.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GIT_')));
Object.assign(env, { NO_COLOR: '1', npm_config_update_notifier: 'false', npm_config_offline: 'true' });
const sh = (cmd, args) => {
  const run = spawnSync(cmd, args, { cwd: project, env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${run.stderr}`);
  return run;
};

sh('git', ['init', '-q', '-b', 'main']);
writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'bench-project', version: '1.0.0', devDependencies: { leakguard: '*', husky: '*' } }));
mkdirSync(join(project, 'node_modules', '.bin'), { recursive: true });
symlinkSync(ROOT, join(project, 'node_modules', 'leakguard'));
symlinkSync('../leakguard/bin/leakguard.js', join(project, 'node_modules', '.bin', 'leakguard'));
sh(process.execPath, [join(ROOT, 'bin', 'leakguard.js'), 'install', '--husky']);
writeFileSync(join(project, 'train.py'), 'import os\nfrom huggingface_hub import login\nlogin(token=os.environ["HF_TOKEN"])\n');
sh('git', ['add', 'train.py']);

const cases = [
  { label: 'node -e 0', cmd: process.execPath, args: ['-e', '0'] },
  { label: 'hook as installed (sh .husky/pre-commit)', cmd: 'sh', args: ['-e', '.husky/pre-commit'] },
  { label: 'leakguard scan --staged (the binary alone)', cmd: 'node_modules/.bin/leakguard', args: ['scan', '--staged'] },
  { label: 'before: npx --no -- leakguard scan --staged', cmd: 'npx', args: ['--no', '--', 'leakguard', 'scan', '--staged'] },
];

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = [];
for (const c of cases) {
  sh(c.cmd, c.args); // warm the file cache and V8's compile cache
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    sh(c.cmd, c.args);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  results.push({ label: c.label, ms: median(times) });
}

const floor = results[0].ms;
console.log(`Pre-commit hook cost, median of ${RUNS} runs (node ${process.version}):\n`);
for (const { label, ms } of results) console.log(`  ${label.padEnd(48)} ${ms.toFixed(0).padStart(5)} ms  ${(ms / floor).toFixed(2)}x`);
const hook = results[1].ms;
console.log(`\nTarget: the installed hook at most 2x node -e 0: ${(hook / floor).toFixed(2)}x ${hook <= 2 * floor ? '(met)' : '(MISSED)'}`);
