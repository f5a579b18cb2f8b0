import { redact } from '../../../findings/redact.js';
import { rewriteNotebook } from './notebook-rewrite.js';
import { pythonPlacement } from './placement.js';
import { parseTolerant } from './rewrite.js';
import { pythonResolverFile } from './resolver-template.js';
import type { GeneratedFile, LanguageSupport, RewriteRequest, RewriteResult } from '../../types.js';
import { distinctSecrets } from '../named-secrets.js';
import { rewritePythonFile } from './index.js';

/**
 * Jupyter notebooks: code cells through the Python rewriter, edited in place inside the raw JSON.
 * A `.ipynb` that is not JSON (cell sources pasted as text) is rewritten as Python text and
 * reported as malformed.
 */
export const notebook: LanguageSupport = {
  name: 'notebook',
  handles: (path) => /\.ipynb$/i.test(path),
  rewrite: rewriteNotebookFile,
  validate: validateNotebook,
};

async function rewriteNotebookFile(request: RewriteRequest): Promise<RewriteResult> {
  const secrets = distinctSecrets(request.findings);
  if (secrets.length === 0) return { status: 'unchanged' };
  const placement = request.pythonResolver ?? pythonPlacement(request.path, request.repoFiles, request.text, true);
  const outcome = await rewriteNotebook({
    path: request.path,
    raw: request.text,
    secrets,
    style: request.style,
    resolverModule: placement.importModule,
  });
  if (outcome.kind === 'notJson') return malformedNotebook(request);
  if (outcome.kind === 'manual') return { status: 'manual', reason: outcome.reason };
  const leftover = secrets.find((entry) => outcome.text.includes(entry.secret));
  if (leftover) return { status: 'manual', reason: `${request.path}: ${redact(leftover.secret)} could not be rewritten everywhere` };
  const invalid = await validateNotebook(outcome.text);
  if (invalid) return { status: 'manual', reason: `${request.path}: the rewrite would not be a valid notebook (${invalid})` };
  const generated: GeneratedFile[] = [];
  if (outcome.needs.getSecret || outcome.needs.findSecret) {
    generated.push(pythonResolverFile(placement, outcome.text, request.findings));
  }
  return { status: outcome.text === request.text ? 'unchanged' : 'changed', text: outcome.text, generated, notes: outcome.notes };
}

async function malformedNotebook(request: RewriteRequest): Promise<RewriteResult> {
  const result = await rewritePythonFile({ ...request, repoFiles: new Set() });
  const note = `${request.path}: not a JSON notebook (cell sources saved as plain text); rewritten as Python text — re-create it in Jupyter`;
  if (result.status === 'manual') return { ...result, reason: `${result.reason ?? ''} (${note})` };
  return { ...result, notes: [...(result.notes ?? []), note] };
}

/** A rewritten notebook must still be JSON with a `cells` list; a malformed one must still parse as Python. */
export async function validateNotebook(text: string): Promise<string | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    const python = await parseTolerant(text);
    return 'error' in python ? `neither JSON nor Python: ${python.error}` : undefined;
  }
  const cells = (parsed as { cells?: unknown } | null)?.cells;
  return Array.isArray(cells) ? undefined : 'no cells list';
}
