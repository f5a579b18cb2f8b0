// Runs a command N times and reports median wall time, CPU (user+sys) and peak RSS of the child.
// CPU and RSS come from GNU time (`/usr/bin/time -f`), which sees the child and its threads;
// without it only wall time is reported.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';
export const hasGnuTime = existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%M', 'true']).status === 0;
const scratch = mkdtempSync(join(tmpdir(), 'leakguard-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

/**
 * @typedef {{ label: string, cmd: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv,
 *   findings?: (stdout: string, stderr: string) => number | string }} BenchCase
 * @typedef {{ wallMs: number, cpuMs?: number, rssMb?: number, code: number | null, stdout: string, stderr: string }} Run
 */

/** @param {BenchCase} c @returns {Run} */
export function runOnce(c) {
  const timeFile = join(scratch, 'time.txt');
  const [cmd, args] = hasGnuTime ? [GNU_TIME, ['-f', '%U %S %M', '-o', timeFile, c.cmd, ...c.args]] : [c.cmd, c.args];
  const started = process.hrtime.bigint();
  const child = spawnSync(cmd, args, { cwd: c.cwd, env: c.env ?? process.env, maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.error) throw new Error(`${c.label}: cannot run ${c.cmd}: ${child.error.message}`);
  const run = { wallMs, code: child.status, stdout: child.stdout, stderr: child.stderr };
  if (hasGnuTime) {
    // GNU time writes "Command exited with non-zero status N" first when the child fails.
    const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
    const [user, sys, maxKb] = last.split(' ').map(Number);
    if ([user, sys, maxKb].every((n) => Number.isFinite(n))) {
      run.cpuMs = ((user ?? 0) + (sys ?? 0)) * 1000;
      run.rssMb = (maxKb ?? 0) / 1024;
    }
  }
  return run;
}

export function median(values) {
  const sorted = values.filter((v) => v !== undefined).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * One warm-up run per case (fills the page cache, yields the findings count and catches a
 * broken case early), then `reps` rounds in which the cases take turns, so machine noise lands on
 * every case alike.
 * @param {BenchCase[]} cases @param {number} reps @param {(line: string) => void} log
 */
export function benchCases(cases, reps, log) {
  const results = new Map();
  for (const c of cases) {
    const warm = runOnce(c);
    const failed = warm.code !== 0 && warm.code !== 1;
    const findings = failed ? undefined : c.findings?.(warm.stdout, warm.stderr);
    const error = failed ? firstLine(warm.stderr) || firstLine(warm.stdout) || `exit ${warm.code}` : undefined;
    results.set(c, { label: c.label, runs: [], findings, error });
    if (error) log(`  ${c.label}: failed (${error}); not timed`);
  }
  for (let rep = 0; rep < reps; rep++) {
    for (const c of cases) {
      const result = results.get(c);
      if (result.error) continue;
      result.runs.push(runOnce(c));
    }
  }
  return cases.map((c) => summarize(results.get(c)));
}

function summarize(result) {
  const { runs } = result;
  return {
    label: result.label,
    findings: result.findings,
    error: result.error,
    reps: runs.length,
    wallMs: median(runs.map((r) => r.wallMs)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    rssMb: median(runs.map((r) => r.rssMb)),
  };
}

function firstLine(text) {
  return (text ?? '').trim().split('\n')[0]?.slice(0, 160) ?? '';
}
