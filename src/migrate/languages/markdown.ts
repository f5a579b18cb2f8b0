/**
 * Documentation, logs and templates: prose cannot call a resolver, so a value becomes a
 * placeholder that reads as one (`hf_xxxx…`, or `<WANDB_API_KEY>` for unprefixed keys) and that
 * no rule reports. The real value lives in `.env`.
 */
import type { LanguageSupport, RewriteRequest, RewriteResult } from '../types.js';
import { applyEdits, locateFinding, type Edit } from '../text.js';
import { placeholderFor } from './credential-file.js';

const DOCS = /\.(?:md|markdown|mdx|rst|txt|text|adoc|asciidoc|org|tex|log|out|err|html?)$/i;
const TEMPLATES = /(?:^|\/)[^/]*(?:\.(?:example|sample|template|dist)|[._-](?:example|sample|template)\.[^/.]+)$/i;

export function isDocsPath(path: string): boolean {
  return DOCS.test(path) || TEMPLATES.test(path);
}

/**
 * Prose no program reads (README, docs, logs): a value only these show is no variable. A
 * template (`env.example`) is not prose: its keys are the variables a `.env` copied from it sets.
 */
export function isProsePath(path: string): boolean {
  return DOCS.test(path) && !TEMPLATES.test(path);
}

export async function rewriteDocs(request: RewriteRequest): Promise<RewriteResult> {
  const edits: Edit[] = [];
  for (const finding of request.findings) {
    const offset = finding.offset ?? locateFinding(request.text, finding);
    if (offset === undefined) return { status: 'manual', reason: `line ${finding.line}: the value is not where the scan found it` };
    // `<NAME>` would vanish as an HTML tag in Markdown; `$NAME` reads as "the variable" there.
    const placeholder = placeholderFor(finding.secret, finding.envVar);
    const text = placeholder.startsWith('<') && /\.(?:md|markdown|mdx|html?)$/i.test(request.path) ? `$${finding.envVar}` : placeholder;
    edits.push({ start: offset, end: offset + finding.secret.length, text });
  }
  const unique = [...new Map(edits.map((edit) => [edit.start, edit])).values()];
  const notes = /\.(?:log|out|err)$/i.test(request.path)
    ? ['a log held a credential: consider untracking logs (git rm --cached) and ignoring them (*.log)']
    : [];
  return { status: 'changed', text: applyEdits(request.text, unique), notes };
}

export const markdown: LanguageSupport = {
  name: 'docs',
  handles: isDocsPath,
  rewrite: rewriteDocs,
};
