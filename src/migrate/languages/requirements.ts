/**
 * pip requirement files: pip expands `${NAME}` in them (POSIX braces only), so a token in a
 * `git+https://user:TOKEN@host/…` URL becomes `${NAME}` and pip reads it from the environment.
 */
import type { LanguageSupport, RewriteRequest, RewriteResult } from '../types.js';
import { applyEdits, lineBounds, locateFinding, type Edit } from '../text.js';

export function isRequirementsPath(path: string): boolean {
  return /(?:^|\/)(?:requirements|constraints)[^/]*\.(?:txt|in)$/i.test(path);
}

export async function rewriteRequirements(request: RewriteRequest): Promise<RewriteResult> {
  const edits: Edit[] = [];
  for (const finding of request.findings) {
    const offset = finding.offset ?? locateFinding(request.text, finding);
    if (offset === undefined) return { status: 'manual', reason: `line ${finding.line}: the value is not where the scan found it` };
    const { start } = lineBounds(request.text, offset);
    const inComment = /(?:^|\s)#/.test(request.text.slice(start, offset));
    edits.push({ start: offset, end: offset + finding.secret.length, text: inComment ? `$${finding.envVar}` : `\${${finding.envVar}}` });
  }
  const names = [...new Set(request.findings.map((finding) => finding.envVar))].join(', ');
  return {
    status: 'changed',
    text: applyEdits(request.text, edits),
    notes: [`pip expands \${NAME} in requirement files: ${names} must be in the environment when pip runs (set -a; . ./.env; set +a)`],
  };
}

export const requirements: LanguageSupport = {
  name: 'requirements',
  handles: isRequirementsPath,
  rewrite: rewriteRequirements,
};
