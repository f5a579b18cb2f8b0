/**
 * Shell scripts and batch jobs (sh, bash, sbatch, …): every hardcoded value becomes an expansion
 * of its variable with a fail-fast message, `export X="${X:?set X in .env}"`, and a script that
 * had no `.env` loader gets one after its header, so it still runs from the project directory.
 */
import { spawnSync } from 'node:child_process';
import type { LanguageSupport, RewriteRequest, RewriteResult } from '../../types.js';
import { applyEdits, eolOf, locateFinding } from '../../text.js';
import { SCRIPT_REFERENCES, shellEdits, type ShellSite } from './edits.js';

const SHELL_EXTENSIONS = /\.(?:sh|bash|zsh|ksh|dash|sbatch|slurm|pbs|lsf|qsub|job|bashrc|bash_profile|profile|zshrc)$/i;
const SHELL_SHEBANG = /^(?:\uFEFF)?#!\s*\S*\b(?:env\s+)?(?:ba|z|k|da)?sh\b/;

export function isShellPath(path: string, text?: string): boolean {
  if (SHELL_EXTENSIONS.test(path)) return true;
  const base = path.slice(path.lastIndexOf('/') + 1);
  return !base.includes('.') && text !== undefined && SHELL_SHEBANG.test(text);
}

/** Does the script already read a `.env` file (`set -a; . ./.env`, `source .env`, the xargs idiom)? */
export function hasEnvLoader(text: string): boolean {
  return /(?:^|[\s;&|({])(?:\.|source)\s+["']?[^\s"';&|]*\.env\b/m.test(text) || /\bset\s+-a\b/.test(text) || /grep[^\n]*\.env[^\n]*xargs/.test(text);
}

/**
 * A batch job runs from a spool copy of the script, usually in the submit directory but not
 * always: anchor `.env` at the directory the scheduler records as the submit directory.
 */
const SUBMIT_DIRS: readonly (readonly [RegExp, string])[] = [
  [/^#SBATCH/m, 'SLURM_SUBMIT_DIR'],
  [/^#PBS/m, 'PBS_O_WORKDIR'],
  [/^#\$/m, 'SGE_O_WORKDIR'],
  [/^#BSUB/m, 'LS_SUBCWD'],
];

export function loaderLines(text: string): string[] {
  const submitDir = SUBMIT_DIRS.find(([directive]) => directive.test(text))?.[1];
  const file = submitDir ? `"\${${submitDir}:-.}/.env"` : './.env';
  return ['# Credentials come from the gitignored .env (see .env.example).', `set -a; [ -f ${file} ] && . ${file}; set +a`];
}

/** Batch-scheduler directives: Slurm, PBS/Torque, SGE, LSF, Cobalt, Flux. */
const DIRECTIVE = /^#(?:SBATCH|PBS|\$|BSUB|COBALT|FLUX:|MSUB)(?:\s|$)/;

/**
 * Where a loader goes. Schedulers read directives only up to the first command (Slurm: "the first
 * non-comment non-whitespace line"), so the header is every blank and comment line before it,
 * and the loader goes after its last directive; without directives, after the shebang and the
 * comments right under it. Either way it lands before the first command, so no directive that
 * took effect before the rewrite is pushed below a command.
 */
export function loaderInsertOffset(text: string): number {
  let offset = 0;
  let afterDirective: number | undefined;
  let afterLeadingComments: number | undefined;
  for (;;) {
    const end = text.indexOf('\n', offset);
    const next = end === -1 ? text.length : end + 1;
    const line = text.slice(offset, end === -1 ? text.length : end).replace(/^\uFEFF/, '').replace(/\r$/, '');
    const blank = line.trim() === '';
    if (!blank && !line.startsWith('#')) break;
    if (DIRECTIVE.test(line)) afterDirective = next;
    if (afterLeadingComments === undefined && blank) afterLeadingComments = offset;
    offset = next;
    if (end === -1) break;
  }
  return afterDirective ?? afterLeadingComments ?? offset;
}

export async function rewriteShell(request: RewriteRequest): Promise<RewriteResult> {
  const sites: ShellSite[] = [];
  for (const finding of request.findings) {
    const offset = finding.offset ?? locateFinding(request.text, finding);
    if (offset === undefined) return { status: 'manual', reason: `line ${finding.line}: the value is not where the scan found it` };
    sites.push({ offset, secret: finding.secret, name: finding.envVar });
  }
  const { edits, problems, liveReferences } = shellEdits(request.text, sites, SCRIPT_REFERENCES);
  if (problems.length > 0) return { status: 'manual', reason: problems[0] };
  const notes: string[] = [];
  if (liveReferences > 0 && !hasEnvLoader(request.text)) {
    const at = loaderInsertOffset(request.text);
    const eol = eolOf(request.text);
    const needsBreak = at === request.text.length && at > 0 && !request.text.endsWith('\n');
    edits.push({ start: at, end: at, text: `${needsBreak ? eol : ''}${loaderLines(request.text).join(eol)}${eol}` });
    notes.push('added a .env loader after the script header (set -a; . ./.env; set +a)');
  }
  return { status: 'changed', text: applyEdits(request.text, edits), notes };
}

/** `bash -n`, only when the original parsed too (a ksh or zsh script is not ours to judge). */
export async function validateShell(text: string, _path: string, original?: string): Promise<string | undefined> {
  if (original !== undefined && bashSyntaxError(original) !== undefined) return undefined;
  return bashSyntaxError(text);
}

function bashSyntaxError(text: string): string | undefined {
  const run = spawnSync('bash', ['-n'], { input: text.replace(/^\uFEFF/, ''), encoding: 'utf8', timeout: 10_000 });
  if (run.error) return undefined; // no bash on this machine: nothing to check with
  return run.status === 0 ? undefined : `bash -n: ${run.stderr.trim().split('\n')[0] ?? 'syntax error'}`;
}

export const shell: LanguageSupport = {
  name: 'shell',
  handles: isShellPath,
  rewrite: rewriteShell,
  validate: validateShell,
};
