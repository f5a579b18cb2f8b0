import { redact } from '../../../findings/redact.js';
import { importEdit, importLines, moduleImports } from './imports.js';
import { pythonPlacement } from './placement.js';
import { parseTolerant, planPythonSource } from './rewrite.js';
import { pythonResolverFile } from './resolver-template.js';
import type { GeneratedFile, LanguageSupport, RewriteRequest, RewriteResult } from '../../types.js';
import { distinctSecrets } from '../named-secrets.js';
import { applySpanEdits, detectNewline, OverlappingEditsError } from '../span-edits.js';

/**
 * Python files: every hardcoded credential becomes `get_secret("NAME")` from a generated,
 * stdlib-only `secret_resolver.py` (or an `os.environ` lookup with `--style env`). Notebook-derived
 * `.py` files with `!`/`%` lines are handled too.
 */
export const python: LanguageSupport = {
  name: 'python',
  handles: (path) => /\.pyw?$/i.test(path),
  rewrite: rewritePythonFile,
  validate: validatePython,
};

export async function rewritePythonFile(request: RewriteRequest): Promise<RewriteResult> {
  const secrets = distinctSecrets(request.findings);
  if (secrets.length === 0) return { status: 'unchanged' };
  const plan = await planPythonSource({ text: request.text, secrets, style: request.style, label: request.path, optional: request.optionalLookups });
  if (plan.manual || !plan.tree) return { status: 'manual', reason: plan.manual ?? `${request.path}: cannot be parsed` };
  const existing = moduleImports(plan.tree);
  const wanted = [plan.needs.getSecret && 'get_secret', plan.needs.findSecret && 'find_secret'];
  const clash = existing.clashes.find((name) => wanted.includes(name));
  if (clash) return { status: 'manual', reason: `${request.path}: already defines or imports its own ${clash}; rewrite it by hand` };
  const placement = request.pythonResolver ?? pythonPlacement(request.path, request.repoFiles, request.text);
  const newline = detectNewline(request.text);
  const imports = importEdit(request.text, plan.tree, importLines(plan.needs, existing, placement.importModule, newline), newline, plan.ipythonLines);
  let text: string;
  try {
    text = applySpanEdits(request.text, imports ? [...plan.edits, imports] : plan.edits);
  } catch (error) {
    if (error instanceof OverlappingEditsError) return { status: 'manual', reason: `${request.path}: credentials too close together to rewrite safely` };
    throw error;
  }
  const invalid = await validatePython(text);
  if (invalid) return { status: 'manual', reason: `${request.path}: the rewrite would not parse (${invalid}); rewrite it by hand` };
  const leftover = secrets.find((entry) => text.includes(entry.secret));
  if (leftover) return { status: 'manual', reason: `${request.path}: ${redact(leftover.secret)} could not be rewritten everywhere` };
  const generated: GeneratedFile[] = [];
  if (plan.needs.getSecret || plan.needs.findSecret) {
    generated.push(pythonResolverFile(placement, text, request.findings));
  }
  return {
    status: text === request.text ? 'unchanged' : 'changed',
    text,
    generated,
    notes: plan.notes,
  };
}

/** Re-parses Python (IPython lines allowed); returns the first syntax error, if any. */
export async function validatePython(text: string): Promise<string | undefined> {
  const parsed = await parseTolerant(text);
  return 'error' in parsed ? parsed.error : undefined;
}
