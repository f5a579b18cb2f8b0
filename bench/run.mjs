#!/usr/bin/env node
// `npm run bench`: leakguard side by side with node's own start-up, ripgrep, secretlint 13 and
// gitleaks (when on PATH), on a generated ML-repository corpus. Writes bench/results.md and prints
// the same tables. Peers that are not installed are skipped with a note, never fatal.
//
//   npm run bench                          full run (200 MB / 20,000-file tree, the 60 MB keyword-dense
//                                          tree, 300 to 7,000-commit histories with merges; 5 repetitions)
//   BENCH_QUICK=1 npm run bench            small corpus, 3 repetitions (results in bench/.cache/)
//   npm run bench -- --only tree,hook --reps 3 --tree ~/src/some-repo
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { ensureTree, parseSize } from './corpus.mjs';
import { ensureHistory } from './history.mjs';
import { ensureMergeHistory } from './histories.mjs';
import { historyCheck, mainTokenPatterns, treeCheck } from './lib/planted.mjs';
import { benchCases, hasGnuTime } from './lib/measure.mjs';
import { CACHE_DIR, RG_TREE_FLAGS, onPath, ripgrepCount, ripgrepPatterns, secretlintBin, secretlintConfig, secretlintCount, versionOf } from './lib/peers.mjs';
import { currentLoad, fmtRatio, machineHeader, section, table } from './lib/report.mjs';
import { GIT_ENV, emptyDir, ensureHookRepo, ensureMigrateRepo, isolate } from './lib/repos.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LEAKGUARD = join(ROOT, 'bin', 'leakguard.js');
const NODE = process.execPath;
const SECTIONS = ['cold', 'tree', 'dense', 'overhead', 'hook', 'history', 'histories', 'migrate'];

const { values } = parseArgs({
  options: {
    reps: { type: 'string' },
    only: { type: 'string' },
    tree: { type: 'string' },
    size: { type: 'string' },
    files: { type: 'string' },
    commits: { type: 'string' },
    'merge-commits': { type: 'string' },
    out: { type: 'string' },
    quick: { type: 'boolean' },
  },
});
const quick = values.quick === true || process.env['BENCH_QUICK'] === '1';
const reps = Number(values.reps ?? process.env['BENCH_REPS'] ?? (quick ? 3 : 5));
const only = new Set((values.only ?? SECTIONS.join(',')).split(','));
const treeSize = parseSize(values.size ?? (quick ? '20MB' : '200MB'));
const treeFiles = Number(values.files ?? (quick ? 2000 : 20_000));
const overheadSize = quick ? 10 * 1024 * 1024 : 50 * 1024 * 1024;
const historySizes = (values.commits ?? (quick ? '100,400' : '500,2000')).split(',').map(Number);
const mergeHistorySizes = (values['merge-commits'] ?? (quick ? '300' : '300,1500,7000')).split(',').map(Number);
const denseSize = quick ? 15 * 1024 * 1024 : 60 * 1024 * 1024;
const denseFiles = quick ? 660 : 2658;
const denseSecrets = quick ? 12 : 49;
const outFile = values.out ?? (quick ? join(CACHE_DIR, 'results-quick.md') : join(ROOT, 'bench', 'results.md'));

const log = (line) => process.stderr.write(`${line}\n`);
const notes = [];
const targets = [];
const blocks = [];
/** Findings checked against the planted set: { label, ok, detail }. */
const checks = [];
const env = { ...GIT_ENV, NO_COLOR: '1' };

const leakguardCount = (stdout) => JSON.parse(stdout).findings.length;
const leakguard = (label, args, cwd) => ({ label, cmd: NODE, args: [LEAKGUARD, ...args, '--format', 'json'], cwd, env, findings: leakguardCount });
const nodeBaseline = (cwd) => ({ label: '`node -e 0`', cmd: NODE, args: ['-e', '0'], cwd, env });
const byLabel = (rows, prefix) => rows.find((row) => row.label.startsWith(prefix) && !row.error);
const ratioOf = (a, b, key = 'wallMs') => (a?.[key] !== undefined && b?.[key] ? a[key] / b[key] : undefined);

function target(name, value, goal, met) {
  targets.push([name, fmtRatio(value), goal, value === undefined ? 'not measured' : met(value) ? 'yes' : '**no**']);
}

const rg = onPath('rg');
const gitleaks = onPath('gitleaks');
const secretlint = secretlintBin();
const slConfig = secretlintConfig();
const rules = JSON.parse(readFileSync(join(ROOT, 'dist', 'rules.json'), 'utf8'));
const rgPatterns = rg ? ripgrepPatterns(rules) : undefined;
if (!rg) notes.push('ripgrep (`rg`) is not on PATH: its rows are skipped (`apt-get install ripgrep`).');
if (!gitleaks) notes.push('gitleaks is not on PATH: its rows are skipped.');
if (!hasGnuTime) notes.push('GNU time (/usr/bin/time) is missing: CPU and RSS columns are empty.');
for (const [engine, info] of Object.entries(rgPatterns ?? {})) {
  notes.push(`ripgrep ${engine} engine: ${info.count}/${rules.length} rule patterns${engine === 'default' ? ' with lookarounds removed (Rust regex has none; the patterns match a superset)' : ' as written'}${info.skipped.length ? `; skipped: ${info.skipped.join(', ')}` : ''}.`);
}
const tools = [
  rg ? versionOf('rg') : 'ripgrep absent',
  `secretlint ${secretlint.version} + preset-recommend`,
  gitleaks ? versionOf('gitleaks', ['version']) ?? 'gitleaks' : 'gitleaks absent',
];
const loadAtStart = currentLoad();

function secretlintCase(label, cwd, inputs) {
  return { label, cmd: NODE, args: [secretlint.bin, '--secretlintrc', slConfig, '--no-color', ...inputs], cwd, env, findings: secretlintCount };
}

function ripgrepCases(dir) {
  if (!rg || !rgPatterns) return [];
  return Object.entries(rgPatterns).map(([engine, info]) => ({
    label: `ripgrep, ${engine === 'default' ? 'default engine' : 'PCRE2 (`-P`)'}`,
    cmd: rg,
    args: [...info.flags, ...RG_TREE_FLAGS, '-f', info.file, '.'],
    cwd: dir,
    env,
    findings: ripgrepCount,
  }));
}

function gitleaksCase(label, source, git) {
  if (!gitleaks) return [];
  const report = join(CACHE_DIR, `gitleaks-${label.replace(/\W+/g, '-')}.json`);
  const args = ['detect', '--source', source, '--report-format', 'json', '--report-path', report, '--exit-code', '0', '--no-banner', '--log-level', 'error'];
  if (!git) args.push('--no-git');
  return [{ label, cmd: gitleaks, args, cwd: source, env, findings: () => JSON.parse(readFileSync(report, 'utf8')).length }];
}

function run(title, intro, cases, ratio) {
  log(`\n${title}: ${cases.length} cases × (1 warm-up + ${reps})`);
  const rows = benchCases(cases, reps, log);
  for (const row of rows) if (!row.error) log(`  ${row.label}: ${Math.round(row.wallMs ?? 0)} ms, findings ${row.findings ?? '—'}`);
  blocks.push(section(title, intro, rows, ratio ? (row) => ratio(row, rows) : undefined));
  return rows;
}

function treeUnderTest(sizeBytes, files) {
  if (values.tree) return { dir: values.tree, expected: 'unknown (your tree)', describe: `\`${values.tree}\`` };
  const { dir, manifest } = ensureTree({ sizeBytes, files });
  isolate(dir);
  return { dir, expected: manifest.secrets.length, describe: `${manifest.files} files, ${(manifest.bytes / 1024 / 1024).toFixed(0)} MB, ${manifest.secrets.length} seeded secrets` };
}

if (only.has('cold')) {
  const dir = emptyDir();
  const rows = run('Cold start', '`leakguard scan` of an empty directory against Node starting and exiting.', [nodeBaseline(dir), leakguard('`leakguard scan <empty dir>`', ['scan', '.'], dir)], (row, all) => fmtRatio(ratioOf(row, byLabel(all, '`node'))));
  notes.push(`cold start: leakguard costs ${fmtRatio(ratioOf(byLabel(rows, '`leakguard'), byLabel(rows, '`node')))} of \`node -e 0\`.`);
}

if (only.has('tree')) {
  const tree = treeUnderTest(treeSize, treeFiles);
  log(`tree: ${tree.dir}`);
  const cases = [
    leakguard('`leakguard scan`', ['scan', '.'], tree.dir),
    ...ripgrepCases(tree.dir),
    secretlintCase('secretlint `"**/*"`', tree.dir, ['**/*']),
    ...gitleaksCase('gitleaks `detect --no-git`', tree.dir, false),
  ];
  const rows = run('Tree scan', `The generated tree (${tree.describe}); expected findings: ${tree.expected}. Ratio: case wall / leakguard wall.`, cases, (row, all) => fmtRatio(ratioOf(row, byLabel(all, '`leakguard'))));
  const ours = byLabel(rows, '`leakguard');
  target('tree: leakguard / ripgrep (default engine)', ratioOf(ours, byLabel(rows, 'ripgrep, default')), '≤ 3x', (x) => x <= 3);
  target('tree: leakguard / ripgrep (PCRE2)', ratioOf(ours, byLabel(rows, 'ripgrep, PCRE2')), '≤ 3x', (x) => x <= 3);
  target('tree: secretlint / leakguard', ratioOf(byLabel(rows, 'secretlint'), ours), '≥ 20x', (x) => x >= 20);
}

if (only.has('dense')) {
  // Issue 13: an ML tree where nearly every file holds a keyword (HF_TOKEN reads, wandb and
  // tokenizer calls, 40-hex revisions, hf_xxxx placeholders in docs), so the prefilter skips
  // little. Against ripgrep with the token patterns of the planted providers, and the pool's
  // scaling from one thread to two.
  const { dir, manifest } = ensureTree({ sizeBytes: denseSize, files: denseFiles, secrets: denseSecrets, name: `dense-${Math.round(denseSize / 1024 / 1024)}mb-${denseFiles}f-${denseSecrets}s` });
  isolate(dir);
  // --reveal: the check compares values (fake tokens from the seeded generator), never printed.
  const checked = (label, args) => ({ ...leakguard(label, [...args, '--reveal'], dir), findings: (stdout) => treeCheck(JSON.parse(stdout).findings, manifest, label, checks) });
  const cases = [
    checked('`leakguard scan`', ['scan', '.']),
    checked('`leakguard scan --threads 1`', ['scan', '.', '--threads', '1']),
    checked('`leakguard scan --threads 2`', ['scan', '.', '--threads', '2']),
    // Node's start-up plus leakguard's own (config, rules, CLI): what a scan costs before it reads
    // a file, measured interleaved with the other cases so the ratio net of it is fair.
    leakguard('`leakguard scan <empty dir>`', ['scan', '.'], emptyDir()),
    // The ceiling of any pool here: the same files listed, read into one buffer and decoded, in
    // one process and split over two at once (bench/read-files.mjs). No scanning at all.
    { label: 'read + decode every file, 1 process', cmd: NODE, args: [join(ROOT, 'bench', 'read-files.mjs'), '.', '--split', '1'], cwd: dir, env },
    { label: 'read + decode every file, 2 processes (half each)', cmd: NODE, args: [join(ROOT, 'bench', 'read-files.mjs'), '.', '--split', '2'], cwd: dir, env },
  ];
  if (rg) {
    const patterns = mainTokenPatterns(rules, join(CACHE_DIR, 'rg-main-token-patterns.txt'));
    notes.push(`dense tree: ripgrep runs the token patterns of the planted providers (${patterns.ids.join(', ')}), lookarounds removed, in one \`rg -f\` call.`);
    cases.push({ label: 'ripgrep, main token patterns', cmd: rg, args: [...RG_TREE_FLAGS, '-f', patterns.file, '.'], cwd: dir, env, findings: ripgrepCount });
  }
  const rows = run('Keyword-dense ML tree', `${manifest.files} files, ${(manifest.bytes / 1024 / 1024).toFixed(0)} MB, ${manifest.secrets.length} planted tokens; the findings column is checked against the planted set (path, line, value). Ratio: case wall / ripgrep wall.`, cases, (row, all) => fmtRatio(ratioOf(row, byLabel(all, 'ripgrep, main'))));
  const ours = byLabel(rows, '`leakguard scan`');
  const ripgrep = byLabel(rows, 'ripgrep, main');
  const empty = byLabel(rows, '`leakguard scan <empty dir>`');
  target('dense tree: leakguard / ripgrep (main token patterns), raw wall', ratioOf(ours, ripgrep), '≤ 3x', (x) => x <= 3);
  // The issue's reading of the goal: "the rest of the gap is Node's start-up". Both ratios are
  // reported; this one subtracts leakguard's own start-up (the empty-directory scan) from its wall.
  const net = ours?.wallMs !== undefined && empty?.wallMs !== undefined && ripgrep?.wallMs ? (ours.wallMs - empty.wallMs) / ripgrep.wallMs : undefined;
  target('dense tree: (leakguard − leakguard on an empty dir) / ripgrep, wall net of start-up', net, '≤ 3x', (x) => x <= 3);
  targets.push(['dense tree: leakguard CPU / ripgrep CPU (user+sys)', fmtRatio(ratioOf(ours, ripgrep, 'cpuMs')), 'informative', '—']);
  target('dense tree: worker pool, wall --threads 1 / --threads 2', ratioOf(byLabel(rows, '`leakguard scan --threads 1`'), byLabel(rows, '`leakguard scan --threads 2`')), '≥ 1.5x on 2 cores', (x) => x >= 1.5);
  // The ceiling measured on the scan's own work: the same batches on one worker and on two at
  // once, timed inside the workers (bench/split-scan.mjs), so start-ups and the walk do not count.
  const split = spawnSync(NODE, [join(ROOT, 'bench', 'split-scan.mjs'), dir, '--reps', String(reps)], { encoding: 'utf8', env });
  if (split.status === 0) {
    const measured = JSON.parse(split.stdout);
    log(`  scan work, 1 worker: ${measured.oneMs} ms; 2 workers at once: ${measured.twoMs} ms; findings ${measured.findings}`);
    targets.push(['dense tree: machine ceiling, scan work on 1 worker / 2 workers at once (in-thread timing, no start-up, no walk)', `${measured.ratio.toFixed(2)}x (${measured.oneMs} / ${measured.twoMs} ms)`, 'informative: the most a 2-thread pool can gain here', '—']);
  } else notes.push(`dense tree: bench/split-scan.mjs failed: ${split.stderr.trim().split('\n').pop()}`);
  // Both read-files cases start a parent and its children (1 or 2), so they pay the same start-ups.
  targets.push(['dense tree: machine ceiling, read + decode 1 process / 2 processes (wall)', fmtRatio(ratioOf(byLabel(rows, 'read + decode every file, 1'), byLabel(rows, 'read + decode every file, 2'))), 'informative: what two cores give reading alone', '—']);
}

if (only.has('overhead')) {
  const tree = treeUnderTest(overheadSize, Math.round(overheadSize / (10 * 1024)));
  const cases = [
    leakguard('`leakguard scan`', ['scan', '.'], tree.dir),
    leakguard('`leakguard scan --threads 1`', ['scan', '.', '--threads', '1'], tree.dir),
    { label: 'one combined regex, one Node process', cmd: NODE, args: [join(ROOT, 'bench', 'combined-regex.mjs'), '.'], cwd: tree.dir, env, findings: (stdout) => Number(stdout.trim()) },
  ];
  const rows = run('Engine overhead', `leakguard against all rule patterns as one combined regex run over the same files in one Node process (no prefilter, no filtering, no workers): ${tree.describe}. Ratio: case wall / combined regex wall.`, cases, (row, all) => fmtRatio(ratioOf(row, byLabel(all, 'one combined'))));
  targets.push(['engine overhead: leakguard / combined regex', fmtRatio(ratioOf(byLabel(rows, '`leakguard scan`'), byLabel(rows, 'one combined'))), 'informative (issue 2)', '—']);
}

if (only.has('hook')) {
  const hook = ensureHookRepo(20);
  const clean = ensureHookRepo(20, { clean: true });
  // The installed hook runs `scan --staged --quiet` in text: on a blocked commit that also asks
  // git whether the value was ever committed (the rotate-or-not line), which JSON output skips.
  const blockedText = (stdout, stderr) => (/commit blocked: (\d+) credential/.exec(stderr + stdout)?.[1] ?? '0') * 1;
  const cases = [
    nodeBaseline(hook.dir),
    { label: '`bin/leakguard.js scan --staged --quiet`, clean commit (as installed)', cmd: LEAKGUARD, args: ['scan', '--staged', '--quiet'], cwd: clean.dir, env, findings: blockedText },
    leakguard('`leakguard scan --staged`', ['scan', '--staged'], hook.dir),
    // What a git hook runs: the bin script by its shebang, no npx or npm in between.
    { label: '`bin/leakguard.js scan --staged` (direct binary)', cmd: LEAKGUARD, args: ['scan', '--staged', '--format', 'json'], cwd: hook.dir, env, findings: leakguardCount },
    { label: '`bin/leakguard.js scan --staged --quiet`, blocked (as installed: text, history search)', cmd: LEAKGUARD, args: ['scan', '--staged', '--quiet'], cwd: hook.dir, env, findings: blockedText },
    secretlintCase('secretlint on the 20 staged files', hook.dir, hook.staged),
  ];
  const rows = run('Pre-commit hook', `A 400-file repository with 20 files staged, one of them adding a credential (expected findings: ${hook.expected}); the clean-commit case stages the same kind of change in a twin repository with no credential (expected: ${clean.expected}). Ratio: case wall / \`node -e 0\` wall.`, cases, (row, all) => fmtRatio(ratioOf(row, byLabel(all, '`node'))));
  const node = byLabel(rows, '`node');
  target('hook: clean commit as installed (--quiet) / node -e 0', ratioOf(byLabel(rows, '`bin/leakguard.js scan --staged --quiet`, clean'), node), '≤ 2x', (x) => x <= 2);
  target('hook: leakguard --staged (blocked, json) / node -e 0', ratioOf(byLabel(rows, '`leakguard'), node), '≤ 2x', (x) => x <= 2);
  target('hook: direct binary --staged (blocked, json) / node -e 0', ratioOf(byLabel(rows, '`bin/leakguard.js scan --staged` (direct'), node), '≤ 2x', (x) => x <= 2);
  target('hook: blocked as installed (--quiet, history search) / node -e 0', ratioOf(byLabel(rows, '`bin/leakguard.js scan --staged --quiet`, blocked'), node), '≤ 2x', (x) => x <= 2);
  for (const [label, want] of [['clean', clean.expected], ['blocked', hook.expected]]) {
    const row = byLabel(rows, `\`bin/leakguard.js scan --staged --quiet\`, ${label}`);
    checks.push({ label: `hook ${label} (--quiet)`, ok: row?.findings === want, detail: `${row?.findings ?? '—'} of ${want}` });
  }
}

if (only.has('history')) {
  const cases = [];
  for (const commits of historySizes) {
    const { dir, manifest } = ensureHistory({ commits });
    cases.push(leakguard(`\`leakguard scan --history\`, ${commits} commits (${manifest.secrets.length} secrets introduced)`, ['scan', '--history'], dir));
    cases.push(...gitleaksCase(`gitleaks \`detect\`, ${commits} commits`, dir, true));
  }
  const rows = run('History', 'Generated histories (fast-import): a 600-file import, then small commits; every 40th commit adds a credential that a later commit removes. Ratio: peak RSS / peak RSS of the smallest history.', cases, (row, all) => {
    const smallest = all.find((other) => !other.error && other.label.split(',')[0] === row.label.split(',')[0]);
    return fmtRatio(ratioOf(row, smallest, 'rssMb'));
  });
  const ours = rows.filter((row) => row.label.startsWith('`leakguard') && !row.error);
  if (ours.length >= 2) target(`history: peak RSS ${historySizes.at(-1)} / ${historySizes[0]} commits`, ratioOf(ours.at(-1), ours[0], 'rssMb'), '≤ 1.2x', (x) => x <= 1.2);
  else target('history: peak RSS ratio', undefined, '≤ 1.2x', () => false);
}

if (only.has('histories')) {
  // Issue 13: `scan --history` against git producing the same patches, at 300 to 7,000 commits.
  // `node -e 0` runs interleaved with them: at 300 commits Node's start-up alone is about as long
  // as git's whole run, so the Targets table gives the raw ratio and one with that start-up taken
  // out of leakguard's wall, each labelled.
  const cases = [nodeBaseline(emptyDir())];
  for (const commits of mergeHistorySizes) {
    const { dir, manifest } = ensureMergeHistory({ commits });
    const label = `\`leakguard scan --history\`, ${commits} commits`;
    cases.push({ ...leakguard(label, ['scan', '--history', '--reveal'], dir), findings: (stdout) => historyCheck(JSON.parse(stdout).findings, manifest, label, checks) });
    cases.push({ label: `\`git log -p --all\`, ${commits} commits (${manifest.merges} merges)`, cmd: 'sh', args: ['-c', 'git log -p --all > /dev/null'], cwd: dir, env });
    // What reading git's output through a pipe costs any reader, before it does anything with it.
    cases.push({ label: `pipe: \`git log -p --all\` read by \`cat\`, ${commits} commits`, cmd: 'sh', args: ['-c', 'git log -p --all | cat > /dev/null'], cwd: dir, env });
  }
  const gitRowOf = (all, commits) => all.find((row) => row.label.startsWith('`git log') && row.label.includes(`, ${commits} commits`) && !row.error);
  const rows = run('Histories with merges', 'Generated histories (fast-import, bench/histories.mjs): a 300-file ML import, small commits, a side branch merged back every 25 commits; credentials committed and removed on main, on side branches, and typed into merge commits (found only with --remerge-diff). The findings column is checked against the planted set. Ratio: leakguard wall / `git log -p --all` wall at the same size (git writing to /dev/null: the floor of reading the history); in brackets, leakguard wall minus `node -e 0` wall, over git wall. The `pipe:` rows are the same git output read through a pipe by `cat`: what the pipe alone costs a reader.', cases, (row, all) => {
    if (row.label.startsWith('`node')) return '—';
    const size = row.label.split(', ')[1]?.split(' ')[0];
    const gitRow = gitRowOf(all, size);
    if (row.label.startsWith('pipe:')) return fmtRatio(ratioOf(row, gitRow));
    if (!row.label.startsWith('`leakguard')) return '1.00x';
    return `${fmtRatio(ratioOf(row, gitRow))} (${fmtRatio(startupAdjusted(row, byLabel(all, '`node'), gitRow))})`;
  });
  const node = byLabel(rows, '`node');
  for (const commits of mergeHistorySizes) {
    const ours = rows.find((row) => row.label.startsWith('`leakguard') && row.label.includes(`, ${commits} commits`) && !row.error);
    const theirs = gitRowOf(rows, commits);
    target(`history, ${commits} commits: leakguard / git log -p --all (raw wall)`, ratioOf(ours, theirs), '≤ 1.3x', (x) => x <= 1.3);
    target(`history, ${commits} commits: (leakguard − node -e 0) / git log -p --all (start-up-adjusted wall)`, startupAdjusted(ours, node, theirs), '≤ 1.3x', (x) => x <= 1.3);
    const pipe = rows.find((row) => row.label.startsWith('pipe:') && row.label.includes(`, ${commits} commits`) && !row.error);
    targets.push([`history, ${commits} commits: git log -p --all read through a pipe by cat / to /dev/null`, fmtRatio(ratioOf(pipe, theirs)), 'informative: what a pipe costs any reader of git', '—']);
  }
}

/** Wall of `row` without Node's own start-up, over the wall of `floor`. */
function startupAdjusted(row, node, floor) {
  if (row?.wallMs === undefined || node?.wallMs === undefined || !floor?.wallMs) return undefined;
  return (row.wallMs - node.wallMs) / floor.wallMs;
}

if (only.has('migrate')) {
  const repo = ensureMigrateRepo(quick ? 500 : 2000, 50);
  const files = (stdout) => (stdout.match(/^\+\+\+ /gm) ?? []).length;
  const rows = run('Migrate', `\`leakguard migrate --dry-run\` on a committed ${repo.manifest.files}-file repository holding ${repo.manifest.secrets.length} hardcoded credentials. Findings column: files in the planned diff.`, [
    { label: '`leakguard migrate --dry-run`', cmd: NODE, args: [LEAKGUARD, 'migrate', '--dry-run'], cwd: repo.dir, env, findings: files },
  ]);
  const ours = byLabel(rows, '`leakguard');
  if (ours?.wallMs !== undefined) targets.push(['migrate --dry-run wall', `${(ours.wallMs / 1000).toFixed(1)} s`, '< 10 s', ours.wallMs < 10_000 ? 'yes' : '**no**']);
  else targets.push(['migrate --dry-run wall', '—', '< 10 s', 'pending (migrate not available)']);
}

if (checks.length > 0) {
  const failed = checks.filter((check) => !check.ok);
  targets.push(['findings equal the planted set', `${checks.length - failed.length}/${checks.length} cases`, 'all', failed.length === 0 ? 'yes' : '**no**']);
  for (const check of failed) notes.push(`findings differ from the planted set in ${check.label}: ${check.detail}`);
}

const markdown = [
  machineHeader({ quick, reps, tools, loadAtStart }),
  '',
  '## Targets',
  '',
  table(['target', 'measured', 'goal', 'met'], targets),
  '',
  ...blocks.flatMap((block) => [block, '']),
  '## Notes',
  '',
  ...notes.map((note) => `- ${note}`),
  '',
].join('\n');
mkdirSync(join(outFile, '..'), { recursive: true });
writeFileSync(outFile, markdown);
process.stdout.write(`\n${markdown}`);
log(`\nwrote ${outFile}`);
