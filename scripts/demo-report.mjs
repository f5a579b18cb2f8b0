// `node scripts/demo-report.mjs`: the demo repository (fixtures/demo-ml-repo) with a year of history
// (several authors, a pushed remote-tracking ref, a side branch, a hand removal and a migrate
// run), its `scan --history --format html` report, and a screenshot of it for the README.
// Needs a build (npm run build) and, for the screenshot, Debian's chromium.
import { execFile, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { materializeDemo } from './materialize-demo.mjs';
import { FakeTokens } from '../dist/src/util/fake-tokens.js';

const CLI = resolve('bin/leakguard.js');
const target = resolve('demo-out/report-demo');
const report = resolve('demo-out/report.html');
const screenshot = resolve(process.argv[2] ?? 'docs/html-report.png');

materializeDemo(target);
rmSync(join(target, '.git'), { recursive: true, force: true });

const run = (command, args, env = {}) => execFileSync(command, args, { cwd: target, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const git = (...args) => run('git', args);
const commit = (date, author, message) => {
  const email = `${author.split(' ')[0].toLowerCase()}@example.invalid`;
  run('git', ['commit', '-q', '-m', message], {
    GIT_AUTHOR_NAME: author, GIT_AUTHOR_EMAIL: email, GIT_AUTHOR_DATE: `${date}T10:00:00Z`,
    GIT_COMMITTER_NAME: author, GIT_COMMITTER_EMAIL: email, GIT_COMMITTER_DATE: `${date}T10:00:00Z`,
  });
};

git('init', '-q', '-b', 'main');
git('add', 'monox', 'requirements.txt', 'README.md', 'Dockerfile');
commit('2025-01-14', 'Dana Reyes', 'monox: first training code');
git('add', 'scripts');
commit('2025-03-05', 'Sam Okafor', 'scripts: slurm job, runpod launcher, model upload');
git('add', '-A');
commit('2025-05-21', 'Priya Natarajan', 'notebook, web client, docs and the team .env');
git('remote', 'add', 'origin', 'https://github.com/example-org/monox-finetune.git');
git('update-ref', 'refs/remotes/origin/main', 'HEAD'); // as if pushed

git('switch', '-q', '-c', 'experiment/sweep');
mkdirSync(join(target, 'experiments'), { recursive: true });
writeFileSync(join(target, 'experiments/sweep.sh'), `#!/usr/bin/env bash\nexport ANTHROPIC_API_KEY=${new FakeTokens(7).anthropic()}\npython sweep.py\n`);
git('add', 'experiments');
commit('2025-07-02', 'Lee Park', 'experiments: hyperparameter sweep');
git('switch', '-q', 'main');

const envFile = join(target, '.env');
writeFileSync(envFile, readFileSync(envFile, 'utf8').split('\n').filter((line) => !line.startsWith('OPENAI_API_KEY=')).join('\n'));
git('add', '.env');
commit('2025-08-12', 'Sam Okafor', 'env: drop the unused OpenAI key');

run('node', [CLI, 'migrate', 'scripts/push_model.py', 'scripts/launch_runpod.py', '--no-history']);
// The migrated values now live in the local .env; the rewritten code and the templates are committed.
git('add', 'scripts', ...['.gitignore', '.env.example', '.dockerignore'].filter((path) => existsSync(join(target, path))));
commit('2025-10-02', 'Dana Reyes', 'scripts: read tokens from the environment (leakguard migrate)');

// Live status from stand-in provider endpoints on loopback (the verifiers' documented override),
// so the demo shows what `--verify` adds without sending anything anywhere.
const providers = createServer((request, response) => {
  const answers = {
    '/api/whoami-v2': [200, { name: 'monox-team' }],
    '/graphql': request.headers.authorization?.startsWith('Basic') ? [200, { data: { viewer: { username: 'dana-r' } } }] : [401, {}],
    '/v1/models': [401, {}],
    '/v1/models?limit=1': [503, {}],
  };
  const [status, body] = answers[request.url] ?? [404, {}];
  request.resume();
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
});
await new Promise((resolvePromise) => providers.listen(0, '127.0.0.1', resolvePromise));
const base = `http://127.0.0.1:${providers.address().port}`;
const verifyEnv = Object.fromEntries(['HUGGINGFACE', 'WANDB', 'RUNPOD', 'OPENAI', 'ANTHROPIC'].map((key) => [`LEAKGUARD_VERIFY_${key}_URL`, base]));
const scan = (...args) =>
  new Promise((resolvePromise, reject) => {
    execFile('node', [CLI, 'scan', '--history', ...args], { cwd: target, env: { ...process.env, ...verifyEnv }, maxBuffer: 64 << 20 }, (error, stdout) => {
      if (error && error.code !== 1) reject(error); // 1: findings, which is the point of the demo
      else resolvePromise(stdout);
    });
  });
await scan('--verify', '--format', 'html', '--output', report);
const revealed = JSON.parse(await scan('--format', 'json', '--reveal'));
providers.close();

// The page must hold no value, and leakguard itself must find nothing in it.
const page = readFileSync(report, 'utf8');
for (const finding of revealed.findings) if (page.includes(finding.secret)) throw new Error(`${finding.path}: full value in the report`);
execFileSync('node', [CLI, 'scan', report], { stdio: 'ignore' });
process.stdout.write(`report: ${report} (${revealed.findings.length} findings, no value in it)\n`);

const { chromium } = await import('playwright-core');
const profile = mkdtempSync(join(tmpdir(), 'leakguard-chromium-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 900 },
  deviceScaleFactor: 1,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  await page.goto(`file://${report}`);
  mkdirSync(resolve(screenshot, '..'), { recursive: true });
  // The top of the page (header to the credentials table) is what the README shows.
  const bottom = await page.locator('#credentials').evaluate((element) => element.getBoundingClientRect().bottom + window.scrollY);
  await page.screenshot({ path: screenshot, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: Math.ceil(bottom) + 16 } });
  process.stdout.write(`screenshot: ${screenshot}\n`);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
