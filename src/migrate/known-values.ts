/**
 * Every literal copy of a known value, anywhere in the tracked tree. The rules find a value where
 * its shape or context says so; a legacy Runpod key (40 upper-case characters) pasted into a file
 * without the word "runpod" next to it is invisible to them, and so is a key already moved into
 * `.env` that a README still shows. Known values are the scan's findings plus the credentials in
 * the existing `.env`; each further copy becomes a finding like the first one, and each fragment
 * (the first or last 12 characters of a value outside a whole copy: one half of a split literal)
 * becomes a split finding, which the plan leaves to the user with the reason.
 */
import type { Finding } from '../types/index.js';
import { redact } from '../findings/redact.js';
import { TOKEN_PAGE_PREFIXES } from './known-secrets.js';
import { parseDotenv } from './envfile.js';

const MIN_COPY = 16;
const FRAGMENT = 12;
const CREDENTIAL_NAME = /(?:^|_)(?:TOKEN|KEY|SECRET|PASSWORD|PASSWD|AUTH)(?:_|$)/;

export interface TextFile {
  path: string;
  text: string;
}

/** Known values with the finding each new copy is modelled on. */
export function knownValues(findings: readonly Finding[], dotenv: string | undefined, credentialNames: ReadonlySet<string>): Map<string, Finding> {
  const known = new Map<string, Finding>();
  for (const finding of findings) {
    if (!finding.split && finding.secret.length >= MIN_COPY && !finding.secret.includes('\n') && !known.has(finding.secret)) known.set(finding.secret, finding);
  }
  for (const entry of dotenv === undefined ? [] : parseDotenv(dotenv)) {
    const value = entry.value;
    if (known.has(value) || value.length < MIN_COPY || /\s/.test(value)) continue;
    if (!credentialNames.has(entry.key) && !CREDENTIAL_NAME.test(entry.key)) continue;
    known.set(value, {
      ruleId: 'known-value',
      provider: providerOf(entry.key),
      description: `the value of ${entry.key} in .env`,
      path: '.env',
      line: 0,
      column: 0,
      endColumn: 0,
      commit: null,
      secret: value,
      redacted: redact(value),
      fingerprint: '',
      envVar: entry.key,
      docsUrl: TOKEN_PAGE_PREFIXES.find(([prefix]) => entry.key.startsWith(prefix))?.[1] ?? '',
    });
  }
  return known;
}

/** Findings for the copies and fragments of known values that the scan did not report. */
export function copiesAndFragments(files: readonly TextFile[], known: ReadonlyMap<string, Finding>, findings: readonly Finding[]): Finding[] {
  const reported = new Set(findings.map((finding) => `${finding.path}\0${finding.line}\0${finding.column}\0${finding.secret}`));
  const extra: Finding[] = [];
  for (const file of files) {
    const text = file.text;
    for (const [secret, model] of known) {
      const whole: [number, number][] = [];
      for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + secret.length)) {
        whole.push([at, at + secret.length]);
        const finding = positioned(model, file.path, text, at, secret.length);
        if (!reported.has(`${finding.path}\0${finding.line}\0${finding.column}\0${secret}`)) extra.push(finding);
      }
      if (secret.length < FRAGMENT * 2) continue;
      const inWhole = (at: number): boolean => whole.some(([start, end]) => at >= start && at < end);
      for (const piece of [secret.slice(0, FRAGMENT), secret.slice(-FRAGMENT)]) {
        for (let at = text.indexOf(piece); at !== -1; at = text.indexOf(piece, at + 1)) {
          if (inWhole(at)) continue;
          extra.push({ ...positioned(model, file.path, text, at, piece.length), split: true });
          break;
        }
      }
    }
  }
  return extra;
}

function positioned(model: Finding, path: string, text: string, offset: number, length: number): Finding {
  const bom = text.startsWith('\uFEFF') ? 1 : 0;
  const before = text.slice(bom, offset);
  const line = before.split('\n').length;
  const column = offset - bom - (before.lastIndexOf('\n') + 1) + 1;
  return { ...model, path, line, column, endColumn: column + length, commit: null, fingerprint: `${model.ruleId}:${path}:${line}:${column}` };
}

function providerOf(name: string): string {
  if (/^(?:HF_|HUGGING)/.test(name)) return 'huggingface';
  if (name.startsWith('WANDB')) return 'wandb';
  if (name.startsWith('RUNPOD')) return 'runpod';
  if (name.startsWith('OPENAI')) return 'openai';
  if (name.startsWith('ANTHROPIC')) return 'anthropic';
  return 'generic';
}
