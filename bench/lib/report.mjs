// Markdown for bench/results.md and the terminal: machine header, one table per section, targets.
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';

const fmtMs = (ms) => (ms === undefined ? '—' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const fmtMb = (mb) => (mb === undefined ? '—' : `${Math.round(mb)} MB`);
export const fmtRatio = (x) => (x === undefined || !Number.isFinite(x) ? '—' : `${x >= 10 ? x.toFixed(0) : x.toFixed(2)}x`);

/** @param {string[]} header @param {string[][]} rows */
export function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function machineHeader({ quick, reps, tools, loadAtStart }) {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return [
    `# leakguard benchmark${quick ? ' (quick run)' : ''}`,
    '',
    `- date: ${new Date().toISOString()}`,
    `- machine: ${cpu}, ${availableParallelism()} cores, ${Math.round(totalmem() / 1024 ** 3)} GiB, Linux ${release()}`,
    `- load average when the run started: ${loadAtStart.map((n) => n.toFixed(2)).join(' ')} (the machine is shared; medians of interleaved runs)`,
    `- Node ${process.version}; ${tools.join('; ')}`,
    `- ${reps} timed repetitions per case after one warm-up run; wall = median; CPU = median user+sys of the child and its threads; RSS = median peak resident set (GNU time)`,
  ].join('\n');
}

/**
 * @param {string} title @param {string} intro
 * @param {{ label: string, wallMs?: number, cpuMs?: number, rssMb?: number, findings?: number | string, error?: string, reps: number }[]} rows
 * @param {(row: any) => string} [ratio] the last column
 */
export function section(title, intro, rows, ratio) {
  const body = rows.map((row) => [
    row.label,
    row.error ? `not run: ${row.error.replace(/\|/g, '/')}` : fmtMs(row.wallMs),
    fmtMs(row.cpuMs),
    fmtMb(row.rssMb),
    row.findings === undefined ? '—' : String(row.findings),
    ratio && !row.error ? ratio(row) : '—',
  ]);
  return [`## ${title}`, '', intro, '', table(['case', 'wall', 'CPU', 'peak RSS', 'findings', 'ratio'], body)].join('\n');
}

export function currentLoad() {
  return loadavg();
}
