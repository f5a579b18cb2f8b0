/**
 * Verification between plan and apply: every rewritten file must still parse as its language
 * (when it parsed before), and neither it nor anything generated for it may still hold a value
 * being migrated — checked both by a full rescan with the project's rules and by plain search.
 * A file that fails becomes `manual` with the reason; it is never written half-right.
 */
import type { Fragment } from '../types/index.js';
import { scanFragments, type ScanContext } from '../engine.js';
import type { LanguageResolver } from './languages/index.js';
import type { DraftPlan, FileOutcome } from './plan.js';

export async function verifyRewrites(draft: DraftPlan, scan: ScanContext, resolveLanguage: LanguageResolver): Promise<void> {
  const secrets = draft.values.map((value) => value.secret);
  for (const file of draft.files) {
    if (file.status !== 'changed' || file.text === undefined) continue;
    const problem = await checkFile(file, secrets, scan, resolveLanguage);
    if (problem) downgrade(file, problem);
  }
}

async function checkFile(file: FileOutcome, secrets: string[], scan: ScanContext, resolveLanguage: LanguageResolver): Promise<string | undefined> {
  const text = file.text!;
  const lookup = await resolveLanguage(file.path, file.original.text);
  if (lookup.kind === 'found' && lookup.language.validate) {
    const error = await lookup.language.validate(text, file.path, file.original.text);
    if (error) return `the rewrite did not validate (${error})`;
  }
  const outputs: Fragment[] = [{ path: file.path, text }, ...file.generated.map((generated) => ({ path: generated.path, text: generated.text }))];
  for (const output of outputs) {
    if (secrets.some((secret) => output.text.includes(secret))) return `the rewrite of ${output.path} still held a value`;
  }
  const leftover = scanFragments(outputs, scan).filter((finding) => secrets.includes(finding.secret));
  if (leftover.length > 0) return `the rewrite still held a value at line ${leftover[0]!.line}`;
  return undefined;
}

function downgrade(file: FileOutcome, problem: string): void {
  file.status = 'manual';
  file.reason = `${problem}; left unchanged`;
  file.text = undefined;
  file.generated = [];
}
